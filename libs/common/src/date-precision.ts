// Dates known to a precision, as the sources give them: "12 March 2017", "March 2017", "Q3 2018", "Summer 2019", "2019".
// A planned date stands for a period; slippage is measured from that period, not from its first day.

export const PRECISIONS = ['day', 'month', 'quarter', 'season', 'year'] as const;
export type Precision = (typeof PRECISIONS)[number];
export const LOCALES = ['en', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Period {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD. */
  end: string;
}

const DAY_MS = 86_400_000;

function parse(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Meteorological seasons of the northern hemisphere (Mexico): winter runs December to February. */
function seasonStart(y: number, m: number): { y: number; m: number } {
  if (m === 12) return { y, m: 12 };
  if (m <= 2) return { y: y - 1, m: 12 };
  return { y, m: m - ((m - 3) % 3) };
}

/** The period of the given precision that contains `date`. */
export function periodOf(date: string, precision: Precision): Period {
  const { y, m, d } = parse(date);
  switch (precision) {
    case 'day':
      return { start: iso(y, m, d), end: iso(y, m, d) };
    case 'month':
      return { start: iso(y, m, 1), end: iso(y, m, lastDay(y, m)) };
    case 'quarter': {
      const first = m - ((m - 1) % 3);
      return { start: iso(y, first, 1), end: iso(y, first + 2, lastDay(y, first + 2)) };
    }
    case 'season': {
      const s = seasonStart(y, m);
      const endMonth = s.m + 2 > 12 ? s.m + 2 - 12 : s.m + 2;
      const endYear = s.m + 2 > 12 ? s.y + 1 : s.y;
      return { start: iso(s.y, s.m, 1), end: iso(endYear, endMonth, lastDay(endYear, endMonth)) };
    }
    case 'year':
      return { start: iso(y, 1, 1), end: iso(y, 12, 31) };
  }
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * Days by which `actual` (or, when not yet achieved, `today` once the period is over) falls outside the planned
 * period: 0 inside it, positive after its end, negative before its start. Null while not achieved and not late.
 */
export function slippageDays(
  plannedOn: string,
  precision: Precision,
  actualOn: string | null,
  today: string,
): number | null {
  const { start, end } = periodOf(plannedOn, precision);
  if (actualOn) {
    if (actualOn > end) return daysBetween(end, actualOn);
    if (actualOn < start) return daysBetween(start, actualOn);
    return 0;
  }
  return today > end ? daysBetween(end, today) : null;
}

const SEASONS: Record<Locale, [string, string, string, string]> = {
  en: ['Winter', 'Spring', 'Summer', 'Autumn'],
  es: ['Invierno', 'Primavera', 'Verano', 'Otoño'],
  fr: ['Hiver', 'Printemps', 'Été', 'Automne'],
};
const QUARTER: Record<Locale, (q: number, y: number) => string> = {
  en: (q, y) => `Q${q} ${y}`,
  es: (q, y) => `T${q} ${y}`,
  fr: (q, y) => `T${q} ${y}`,
};

/** How a person would write the date at its precision, in the locale ("Summer 2019", "verano de 2019"). */
export function formatAtPrecision(date: string, precision: Precision, locale: Locale = 'en'): string {
  const { y, m } = parse(date);
  const at = new Date(`${date}T00:00:00Z`);
  const fmt = (options: Intl.DateTimeFormatOptions): string =>
    // British English writes "12 July 2017", as the OECD does.
    new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone: 'UTC', ...options }).format(at);
  switch (precision) {
    case 'day':
      return fmt({ day: 'numeric', month: 'long', year: 'numeric' });
    case 'month': {
      const text = fmt({ month: 'long', year: 'numeric' });
      return locale === 'en' ? text : text.charAt(0).toUpperCase() + text.slice(1);
    }
    case 'quarter':
      return QUARTER[locale](Math.floor((m - 1) / 3) + 1, y);
    case 'season': {
      const s = seasonStart(y, m);
      const index = s.m === 12 ? 0 : (s.m - 3) / 3 + 1;
      const name = SEASONS[locale][index];
      // Winter spans two years: it is named by the year it starts in.
      return locale === 'es' ? `${name} de ${s.y}` : `${name} ${s.y}`;
    }
    case 'year':
      return String(y);
  }
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
