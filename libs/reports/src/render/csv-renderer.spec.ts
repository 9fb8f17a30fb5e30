// The CSV read back as a spreadsheet would: BOM, delimiter and decimals of the locale, localized headers and labels.
import { LOCALES, type Locale } from '@vigia/common';
import { parse } from 'csv-parse/sync';
import type { FindingsReportData, MilestoneReportData } from '../report-data';
import { DICTIONARIES } from './report-dictionary';
import { renderReport } from './report-renderer';
import { FIXTURE_FINDING_TITLE, reportFixture } from './testing/report-fixtures';

const DELIMITER = { en: ',', es: ';', fr: ';' } as const;
const SEASON = { en: 'Summer 2019', es: 'Verano de 2019', fr: 'Été 2019' } as const;

async function csv(data: MilestoneReportData | FindingsReportData): Promise<{ text: string; rows: string[][] }> {
  const report = await renderReport(data, 'csv');
  expect(report.contentType).toBe('text/csv; charset=utf-8');
  const text = report.body.toString('utf8');
  const rows: string[][] = parse(report.body, { bom: true, delimiter: DELIMITER[data.header.locale] });
  return { text, rows };
}

describe('CSV reports', () => {
  it.each(LOCALES)(
    'list the milestone report in %s, one row per deliverable, milestone and workshop',
    async (locale) => {
      const dict = DICTIONARIES[locale];
      const data = reportFixture('milestone', locale);
      const { text, rows } = await csv(data);
      const [header, ...body] = rows;

      // Excel needs the byte order mark to read UTF-8; rows end in CRLF.
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.split('\r\n')).toHaveLength(body.length + 2);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      expect(text.split('\r\n')[0]).toContain(`${dict.columns.type}${DELIMITER[locale]}${dict.columns.title}`);

      expect(header).toEqual(
        expect.arrayContaining([
          dict.columns.type,
          dict.columns.title,
          dict.columns.daysLate,
          dict.columns.satisfaction,
        ]),
      );
      expect(body).toHaveLength(data.deliverables.length + data.milestones.length + data.workshopsHeld.length);
      const column = (name: string) => header.indexOf(name);
      const types = body.map((row) => row[column(dict.columns.type)]);
      expect(types.filter((t) => t === dict.itemTypes.deliverable)).toHaveLength(data.deliverables.length);
      expect(types.filter((t) => t === dict.itemTypes.milestone)).toHaveLength(data.milestones.length);
      expect(types.filter((t) => t === dict.itemTypes.workshop)).toHaveLength(data.workshopsHeld.length);

      const late = body.find((row) => row[column(dict.columns.title)] === data.deliverables[1].title) ?? [];
      expect(late[column(dict.columns.status)]).toBe(dict.deliverableStatuses.in_review);
      // Dates are ISO whatever the locale; days are plain numbers.
      expect(late[column(dict.columns.date)]).toBe('2018-12-14');
      expect(late[column(dict.columns.daysLate)]).toBe('213');

      expect(body.map((row) => row[column(dict.columns.planned)])).toContain(SEASON[locale]);
      const workshop = body.find((row) => row[column(dict.columns.type)] === dict.itemTypes.workshop) ?? [];
      expect(workshop[column(dict.columns.satisfaction)]).toBe(locale === 'en' ? '4.3' : '4,3');
    },
  );

  it.each(LOCALES)('list the findings in %s, one row per finding and recommendation', async (locale) => {
    const dict = DICTIONARIES[locale];
    const data = reportFixture('findings', locale);
    const { rows } = await csv(data);
    const [header, ...body] = rows;
    expect(header.slice(0, 3)).toEqual([dict.columns.number, dict.columns.title, dict.columns.focusArea]);
    expect(header).toContain(dict.columns.latestFollowUpOn);

    const expected = data.findings.reduce((n, f) => n + Math.max(1, f.recommendations.length), 0);
    expect(body).toHaveLength(expected);
    const without = data.findings.find((f) => f.recommendations.length === 0);
    expect(without).toBeDefined();
    const withoutRows = body.filter((row) => row[0] === String(without?.number));
    expect(withoutRows).toHaveLength(1);
    expect(withoutRows[0][header.indexOf(dict.columns.recommendation)]).toBe('');

    const title = body.find((row) => row[1] === FIXTURE_FINDING_TITLE);
    expect(title).toBeDefined();
    const statuses = new Set(body.map((row) => row[header.indexOf(dict.columns.recommendationStatus)]));
    expect(statuses).toContain(dict.followUpStatuses.partially_implemented);
    const ratings = new Set(body.map((row) => row[header.indexOf(dict.columns.rating)]));
    expect(ratings).toContain(dict.ratings.critical);
    const followUps = body.map((row) => row[header.indexOf(dict.columns.latestFollowUpOn)]).filter((d) => d !== '');
    expect(followUps.length).toBeGreaterThan(0);
    for (const day of followUps) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each<Locale>(['en', 'fr'])('defuses cells a spreadsheet would run as formulas (%s)', async (locale) => {
    const data = reportFixture('findings', locale);
    data.findings[0].title = '=HYPERLINK("http://evil.example","clic")';
    data.findings[1].title = "+cmd|' /C calc'!A0";
    data.findings[2].title = '-2+3';
    data.findings[3].title = '@SUM(1+1)';
    data.findings[4].author = '\t=1+1';
    const { rows } = await csv(data);
    const titles = rows.slice(1).map((row) => row[1]);
    expect(titles).toContain('\'=HYPERLINK("http://evil.example","clic")');
    expect(titles).toContain("'+cmd|' /C calc'!A0");
    expect(titles).toContain("'-2+3");
    expect(titles).toContain("'@SUM(1+1)");
    expect(rows.slice(1).map((row) => row[12])).toContain("'\t=1+1");
    expect(titles.filter((t) => /^[=+\-@]/.test(t))).toEqual([]);
  });

  it('writes negative numbers as numbers, not as defused text', async () => {
    const data = reportFixture('milestone', 'es');
    data.milestones[0].slippageDays = -2;
    const { rows } = await csv(data);
    const header = rows[0];
    const row = rows.find((r) => r[1] === data.milestones[0].title) ?? [];
    expect(row[header.indexOf(DICTIONARIES.es.columns.daysLate)]).toBe('-2');
  });

  it('quotes a cell holding the delimiter, quotes or a line break', async () => {
    const data = reportFixture('findings', 'es');
    data.findings[0].condition = 'Primera línea; con "comillas"\nsegunda línea';
    const { rows } = await csv(data);
    expect(rows.slice(1).map((row) => row[8])).toContain('Primera línea; con "comillas"\nsegunda línea');
  });
});
