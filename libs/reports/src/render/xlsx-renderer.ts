// The XLSX: a worksheet per table, with typed cells (real dates, numbers, percentages) ready to filter and sort.
import ExcelJS from 'exceljs';
import type { CellKind, TabularTable, TabularValue } from './report-tables';

export interface WorkbookInfo {
  title: string;
  subject: string;
  /** ISO timestamp. */
  generatedAt: string;
}

const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  date: 'yyyy-mm-dd',
  integer: '0',
  decimal: '0.0',
  percent: '0.0%',
};

/** Excel refuses these in a sheet name, and names over 31 characters. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;
const SHEET_NAME_MAX = 31;

export async function renderXlsx(tables: TabularTable[], info: WorkbookInfo): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Vigía';
  workbook.lastModifiedBy = 'Vigía';
  workbook.title = info.title;
  workbook.subject = info.subject;
  workbook.created = new Date(info.generatedAt);
  workbook.modified = new Date(info.generatedAt);
  const used = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name, used), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'top', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4E7EB' } };
    });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    for (const values of table.rows) {
      const row = sheet.addRow(table.columns.map((c, i) => cellValue(values[i] ?? null, c.kind)));
      table.columns.forEach((c, i) => {
        const value = values[i] ?? null;
        const kind = value !== null && typeof value === 'object' ? value.kind : c.kind;
        const cell = row.getCell(i + 1);
        const numFmt = NUMBER_FORMATS[kind];
        if (numFmt && value !== null) cell.numFmt = numFmt;
        // Long texts (a finding's condition) wrap in their column rather than run across the sheet.
        if (kind === 'text' && c.width >= 40) cell.alignment = { vertical: 'top', wrapText: true };
        else cell.alignment = { vertical: 'top' };
      });
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}

function cellValue(value: TabularValue, columnKind: CellKind): string | number | Date | null {
  if (value === null) return null;
  const kind = typeof value === 'object' ? value.kind : columnKind;
  const raw = typeof value === 'object' ? value.value : value;
  if (kind === 'date' && typeof raw === 'string') return new Date(`${raw}T00:00:00Z`);
  return raw;
}

/** A valid, unique worksheet name from a localized one. */
function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(SHEET_NAME_FORBIDDEN, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, SHEET_NAME_MAX) || 'Sheet';
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n += 1) {
    const suffix = ` (${n})`;
    candidate = base.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
