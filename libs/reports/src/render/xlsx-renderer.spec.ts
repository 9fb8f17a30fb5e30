// The XLSX read back with exceljs: localized sheets, a frozen bold filtered header, typed dates, numbers and rates.
import { LOCALES } from '@vigia/common';
import ExcelJS from 'exceljs';
import type { FindingsReportData, MilestoneReportData } from '../report-data';
import { DICTIONARIES } from './report-dictionary';
import { renderReport } from './report-renderer';
import { reportFixture } from './testing/report-fixtures';

async function workbook(data: MilestoneReportData | FindingsReportData): Promise<ExcelJS.Workbook> {
  const report = await renderReport(data, 'xlsx');
  expect(report.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(report.body as unknown as ExcelJS.Buffer);
  return book;
}

function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = book.getWorksheet(name);
  if (!found) throw new Error(`No sheet ${name} in ${book.worksheets.map((s) => s.name).join(', ')}`);
  return found;
}

function headerOf(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}

function expectTableSheet(ws: ExcelJS.Worksheet): void {
  expect(ws.getRow(1).font?.bold).toBe(true);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(ws.autoFilter).toBeDefined();
  ws.columns.forEach((c) => expect(c.width).toBeGreaterThanOrEqual(8));
}

describe('XLSX reports', () => {
  it.each(LOCALES)('put each table of the milestone report on its own sheet, in %s', async (locale) => {
    const dict = DICTIONARIES[locale];
    const data = reportFixture('milestone', locale);
    const book = await workbook(data);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      dict.sheets.summary,
      dict.sheets.deliverables,
      dict.sheets.milestones,
      dict.sheets.workshops,
      dict.sheets.findingsByFocusArea,
      dict.sheets.recommendations,
      dict.sheets.late,
    ]);
    book.worksheets.forEach(expectTableSheet);

    const deliverables = sheet(book, dict.sheets.deliverables);
    const header = headerOf(deliverables);
    expect(header[0]).toBe(dict.columns.title);
    expect(deliverables.rowCount).toBe(data.deliverables.length + 1);
    const due = deliverables.getRow(2).getCell(header.indexOf(dict.columns.dueOn) + 1);
    expect(due.value).toBeInstanceOf(Date);
    expect((due.value as Date).toISOString()).toBe(`${data.deliverables[0].dueOn}T00:00:00.000Z`);
    expect(due.numFmt).toBe('yyyy-mm-dd');
    expect(deliverables.getRow(3).getCell(header.indexOf(dict.columns.daysLate) + 1).value).toBe(213);
    expect(deliverables.getRow(3).getCell(header.indexOf(dict.columns.status) + 1).value).toBe(
      dict.deliverableStatuses.in_review,
    );

    const milestones = sheet(book, dict.sheets.milestones);
    const labels = milestones.getColumn(2).values as unknown[];
    expect(labels).toContain({ en: 'Summer 2019', es: 'Verano de 2019', fr: 'Été 2019' }[locale]);

    const summary = sheet(book, dict.sheets.summary);
    const rateRow = summary
      .getRows(2, summary.rowCount - 1)
      ?.find((r) => r.getCell(1).value === dict.figures.implementationRate);
    const rate = rateRow?.getCell(2);
    expect(rate?.value).toBe(0.625);
    expect(rate?.numFmt).toContain('%');

    const recommendations = sheet(book, dict.sheets.recommendations);
    const share = recommendations.getRow(2).getCell(3);
    expect(typeof share.value).toBe('number');
    expect(share.numFmt).toBe('0.0%');

    const workshops = sheet(book, dict.sheets.workshops);
    expect(workshops.getRow(2).getCell(8).value).toBe(4.3);
  });

  it.each(LOCALES)(
    'lay out the findings register in %s as findings, recommendations and follow-ups',
    async (locale) => {
      const dict = DICTIONARIES[locale];
      const data = reportFixture('findings', locale);
      const book = await workbook(data);
      expect(book.worksheets.map((s) => s.name)).toEqual([
        dict.sheets.findings,
        dict.sheets.recommendations,
        dict.sheets.followUps,
      ]);
      book.worksheets.forEach(expectTableSheet);

      const findings = sheet(book, dict.sheets.findings);
      expect(headerOf(findings).slice(0, 2)).toEqual([dict.columns.number, dict.columns.title]);
      expect(findings.rowCount).toBe(data.findings.length + 1);
      expect(findings.getRow(2).getCell(1).value).toBe(1);
      expect(findings.getRow(2).getCell(5).value).toBe(data.findings[0].likelihood);

      const recommendations = sheet(book, dict.sheets.recommendations);
      const total = data.findings.reduce((n, f) => n + f.recommendations.length, 0);
      expect(recommendations.rowCount).toBe(total + 1);
      const target = recommendations.getRow(2).getCell(headerOf(recommendations).indexOf(dict.columns.targetOn) + 1);
      expect(target.value).toBeInstanceOf(Date);
      expect(target.numFmt).toBe('yyyy-mm-dd');

      const followUps = sheet(book, dict.sheets.followUps);
      const count = data.findings.flatMap((f) => f.recommendations).reduce((n, r) => n + r.followUps.length, 0);
      expect(followUps.rowCount).toBe(count + 1);
    },
  );

  it('keeps sheet names Excel accepts, whatever the dictionary says', async () => {
    const data = reportFixture('findings', 'en');
    const book = await workbook(data);
    for (const ws of book.worksheets) {
      expect(ws.name.length).toBeLessThanOrEqual(31);
      expect(ws.name).not.toMatch(/[[\]:*?/\\]/);
    }
  });
});
