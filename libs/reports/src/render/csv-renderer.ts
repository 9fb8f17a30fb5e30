// The CSV: one table as Excel opens it right in the report's locale, and safe to open there.
import type { Locale } from '@vigia/common';
import { stringify } from 'csv-stringify/sync';
import type { CellKind, TabularTable, TabularValue } from './report-tables';

/** Where the decimal separator is a comma (es, fr), Excel expects `;` between fields. */
export function csvDelimiter(locale: Locale): ',' | ';' {
  return locale === 'en' ? ',' : ';';
}

/**
 * A leading `=`, `+`, `-` or `@` (or tab, carriage return) makes a spreadsheet read the cell as a formula
 * (OWASP "CSV injection"); such text cells get a leading apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * UTF-8 with a byte order mark (without it Excel reads accents as Windows-1252), CRLF line ends, a header row in the
 * locale. Numbers carry the locale's decimal separator and no grouping, so that a spreadsheet in that locale reads
 * them as numbers. Dates are ISO `YYYY-MM-DD`: unambiguous in every locale (03/04 is March or April depending on the
 * reader) and sortable as text.
 */
export function renderCsv(table: TabularTable, locale: Locale): Buffer {
  const decimal = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 1 });
  const cell = (value: TabularValue, columnKind: CellKind): string => {
    if (value === null) return '';
    const kind = typeof value === 'object' ? value.kind : columnKind;
    const raw = typeof value === 'object' ? value.value : value;
    if (typeof raw === 'number') {
      // Numbers come from our own data, never from a person: a negative one ("-2" days) is not a formula.
      return kind === 'percent' ? `${percent.format(raw * 100)}%` : decimal.format(raw);
    }
    return FORMULA_START.test(raw) ? `'${raw}` : raw;
  };
  const records = [
    table.columns.map((c) => cell(c.header, 'text')),
    ...table.rows.map((row) => table.columns.map((c, i) => cell(row[i] ?? null, c.kind))),
  ];
  const text = stringify(records, { bom: true, delimiter: csvDelimiter(locale), record_delimiter: 'windows' });
  return Buffer.from(text, 'utf8');
}
