// ISO 8601 week names ("2026-W48") for the weekly digest's occasion, and whole-day date arithmetic.

const DAY_MS = 86_400_000;

const utc = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** `date` plus `days` (negative goes back), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(utc(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The ISO week holding `date`: weeks start on Monday and belong to the year of their Thursday, so the first days of
 * January may be in the previous year's last week and the last days of December in the next year's first.
 */
export function isoWeek(date: string): string {
  const day = utc(date);
  const weekday = day.getUTCDay() || 7;
  const thursday = new Date(day.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
