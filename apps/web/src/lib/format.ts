// Dates and numbers in the current language, through react-intl (Intl underneath).
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { dayToMs } from './dates';

export interface Formatters {
  /** A calendar day from the api (YYYY-MM-DD), e.g. "31 Aug 2019". */
  day(day: string | null | undefined): string;
  /** An instant from the api (ISO 8601), with its time in the browser's zone. */
  instant(iso: string | null | undefined): string;
  number(value: number, options?: { maximumFractionDigits?: number }): string;
  /** A fraction 0-1 as a percentage. */
  percent(fraction: number): string;
  bytes(size: number): string;
  monthYear(day: string): string;
}

export function useFormat(): Formatters {
  const intl = useIntl();
  return useMemo(
    () => ({
      day: (day) => (day ? intl.formatDate(dayToMs(day), { dateStyle: 'medium', timeZone: 'UTC' }) : ''),
      instant: (iso) => (iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : ''),
      number: (value, options) => intl.formatNumber(value, options),
      percent: (fraction) => intl.formatNumber(fraction, { style: 'percent', maximumFractionDigits: 0 }),
      bytes: (size) =>
        size < 1024 * 1024
          ? intl.formatNumber(size / 1024, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 })
          : intl.formatNumber(size / (1024 * 1024), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }),
      monthYear: (day) => intl.formatDate(dayToMs(day), { month: 'short', year: 'numeric', timeZone: 'UTC' }),
    }),
    [intl],
  );
}
