// Dates, numbers and labels written the way the report's reader writes them, for every format but the raw CSV cells.
import { formatAtPrecision, type Locale, type Precision } from '@vigia/common';
import { DICTIONARIES, type ReportDictionary } from './report-dictionary';

/** Matches an ISO calendar day, the only date shape ReportData carries. */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ReportFormatter {
  readonly dict: ReportDictionary;
  private readonly shortDate: Intl.DateTimeFormat;
  private readonly longDate: Intl.DateTimeFormat;
  private readonly timestampFormat: Intl.DateTimeFormat;
  private readonly integerFormat: Intl.NumberFormat;
  private readonly decimalFormat: Intl.NumberFormat;
  private readonly percentFormat: Intl.NumberFormat;
  private readonly regions: Intl.DisplayNames;

  constructor(readonly locale: Locale) {
    this.dict = DICTIONARIES[locale];
    // British English writes "24 Nov 2026", as the OECD does and as formatAtPrecision does.
    const dateLocale = locale === 'en' ? 'en-GB' : locale;
    this.shortDate = new Intl.DateTimeFormat(dateLocale, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
    this.longDate = new Intl.DateTimeFormat(dateLocale, { timeZone: 'UTC', dateStyle: 'long' });
    this.timestampFormat = new Intl.DateTimeFormat(dateLocale, {
      timeZone: 'UTC',
      dateStyle: 'long',
      timeStyle: 'short',
    });
    this.integerFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.decimalFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    this.regions = new Intl.DisplayNames(locale, { type: 'region', fallback: 'code' });
  }

  /** A day in a table: "24 Nov 2026", "24 nov 2026", "24 nov. 2026"; the none mark when absent. */
  date(iso: string | null | undefined): string {
    return iso ? this.shortDate.format(day(iso)) : this.dict.none;
  }

  /** A day in running text: "24 November 2026", "24 de noviembre de 2026". */
  dateLong(iso: string | null | undefined): string {
    return iso ? this.longDate.format(day(iso)) : this.dict.none;
  }

  /** A moment, in UTC, said so: the reader may be in another time zone than the server. */
  timestamp(iso: string): string {
    return `${this.timestampFormat.format(new Date(iso))} UTC`;
  }

  /** A planned date as a person writes it at its precision ("Spring 2017", "primavera de 2017"). */
  planned(iso: string, precision: Precision): string {
    return formatAtPrecision(iso, precision, this.locale);
  }

  integer(value: number | null | undefined): string {
    return value === null || value === undefined ? this.dict.none : this.integerFormat.format(value);
  }

  decimal(value: number | null | undefined): string {
    return value === null || value === undefined ? this.dict.none : this.decimalFormat.format(value);
  }

  /** A share (0-1) as a percentage: "62.5%", "62,5 %" (with a no-break space, as Spanish and French write it). */
  percent(rate: number | null | undefined): string {
    return rate === null || rate === undefined ? this.dict.none : this.percentFormat.format(rate);
  }

  /** Slippage or days late with its sign, so that "early" reads as such: "+15", "-2", "0". */
  signedDays(value: number | null): string {
    if (value === null) return this.dict.none;
    return value > 0 ? `+${this.integer(value)}` : this.integer(value);
  }

  /** The label of a code in one of the dictionary's lists; an unknown code (a newer status) reads as words. */
  label(labels: Readonly<Record<string, string>>, code: string): string {
    return Object.hasOwn(labels, code) ? labels[code] : words(code);
  }

  country(code: string): string {
    try {
      return this.regions.of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** An indicator's stored value (a numeric string such as "1180.0000") as a number in the locale. */
  indicatorValue(value: string): string {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n)
      ? new Intl.NumberFormat(this.locale, { maximumFractionDigits: 4 }).format(n)
      : value;
  }
}

function day(iso: string): Date {
  if (!ISO_DAY.test(iso)) throw new Error(`Not an ISO day: ${iso}`);
  return new Date(`${iso}T00:00:00Z`);
}

/** `partially_implemented` -> "Partially implemented". */
export function words(code: string): string {
  const text = code.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
