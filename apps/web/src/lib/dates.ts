// Calendar days as the api sends them (YYYY-MM-DD, UTC), and arithmetic on them without time-zone surprises.
const DAY_MS = 86_400_000;

export function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Today in UTC, as the api counts it (overdue means due before this day). */
export function todayIso(): string {
  return msToDay(Date.now());
}

export function addDays(day: string, days: number): string {
  return msToDay(dayToMs(day) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayToMs(to) - dayToMs(from)) / DAY_MS);
}

/** The first day of the month `day` falls in, `offset` months later. */
export function monthStart(day: string, offset = 0): string {
  const d = new Date(dayToMs(day));
  return msToDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
}
