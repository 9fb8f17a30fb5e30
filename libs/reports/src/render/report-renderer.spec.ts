// Which kinds go with which formats, how the files are named and typed, and how words and numbers are written.
import { LOCALES } from '@vigia/common';
import { REPORT_FORMATS, REPORT_KINDS } from '../report.entity';
import { winAnsi } from './pdf-text';
import { DICTIONARIES } from './report-dictionary';
import { ReportFormatter } from './report-formatter';
import { renderReport, reportFileName, SUPPORTED_FORMATS } from './report-renderer';
import { reportFixture } from './testing/report-fixtures';

describe('renderReport', () => {
  it('renders the tabular kinds in every format and the full report as a document only', () => {
    expect(SUPPORTED_FORMATS).toEqual({
      milestone: ['pdf', 'html', 'csv', 'xlsx'],
      findings: ['pdf', 'html', 'csv', 'xlsx'],
      full: ['pdf', 'html'],
    });
  });

  it.each(['csv', 'xlsx'] as const)('refuses a full report as %s', async (format) => {
    await expect(renderReport(reportFixture('full', 'en'), format)).rejects.toThrow(
      `A full report cannot be rendered as ${format}`,
    );
  });

  it('names each file after the institution, kind and day, with its content type', async () => {
    const expected = {
      pdf: 'application/pdf',
      html: 'text/html; charset=utf-8',
      csv: 'text/csv; charset=utf-8',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
    for (const kind of REPORT_KINDS) {
      for (const format of REPORT_FORMATS.filter((f) => SUPPORTED_FORMATS[kind].includes(f))) {
        const report = await renderReport(reportFixture(kind, 'es'), format);
        expect(report.fileName).toBe(`isssteson-${kind}-2019-07-15.${format}`);
        expect(report.contentType).toBe(expected[format]);
        expect(report.body.length).toBeGreaterThan(500);
      }
    }
  });

  it('renders a review with nothing in it yet, in every format', async () => {
    for (const kind of REPORT_KINDS) {
      const data = reportFixture(kind, 'fr', { findings: 0 });
      if (data.kind === 'milestone') {
        Object.assign(data, { deliverables: [], milestones: [], workshopsHeld: [], late: [] });
      }
      if (data.kind === 'full') Object.assign(data, { components: [], indicators: [] });
      data.header.review = { ...data.header.review, summary: null, agreementOn: null, startsOn: null, endsOn: null };
      for (const format of SUPPORTED_FORMATS[kind]) {
        const report = await renderReport(data, format);
        expect(report.body.length).toBeGreaterThan(0);
      }
      const html = (await renderReport(data, 'html')).body.toString('utf8');
      expect(html).toContain(DICTIONARIES.fr.noRows);
    }
  });

  it('gives findings filed under a focus area the review no longer lists a chapter of their own', async () => {
    const data = reportFixture('full', 'en');
    data.findings[0].focusArea = { code: 'retired', name: 'Retired focus area' };
    const html = (await renderReport(data, 'html')).body.toString('utf8');
    expect(html).toContain(`Chapter ${data.focusAreas.length + 1}. Retired focus area`);
  });

  it('keeps file names lower-case ASCII, whatever the acronym', () => {
    const data = reportFixture('milestone', 'es');
    data.header.institution.acronym = 'Secretaría de Economía / SÉ';
    expect(reportFileName(data, 'pdf')).toBe('secretaria-de-economia-se-milestone-2019-07-15.pdf');
    data.header.institution.acronym = '報告';
    expect(reportFileName(data, 'csv')).toBe('report-milestone-2019-07-15.csv');
  });
});

describe('ReportFormatter', () => {
  it('writes dates, numbers and rates as each locale does', () => {
    const [en, es, fr] = LOCALES.map((l) => new ReportFormatter(l));
    expect([en.date('2026-11-24'), es.date('2026-11-24'), fr.date('2026-11-24')]).toEqual([
      '24 Nov 2026',
      '24 nov 2026',
      '24 nov. 2026',
    ]);
    expect(es.dateLong('2026-11-24')).toBe('24 de noviembre de 2026');
    expect(fr.planned('2017-03-01', 'season')).toBe('Printemps 2017');
    expect(es.planned('2017-03-01', 'season')).toBe('Primavera de 2017');
    expect([en.percent(0.625), es.percent(0.625)]).toEqual(['62.5%', '62,5\u00a0%']);
    // French puts a no-break space before % (narrow in newer CLDR data than Node 20's).
    expect(fr.percent(0.625)).toMatch(/^62,5[\u00a0\u202f]%$/);
    expect([en.integer(1234567), es.integer(1234567)]).toEqual(['1,234,567', '1.234.567']);
    expect(fr.integer(1234567)).toMatch(/^1[\u00a0\u202f]234[\u00a0\u202f]567$/);
    expect(es.decimal(4.3)).toBe('4,3');
    expect(en.signedDays(15)).toBe('+15');
    expect(en.signedDays(null)).toBe('—');
    expect(fr.timestamp('2019-07-15T16:42:07.000Z')).toBe('15 juillet 2019 à 16:42 UTC');
  });

  it('reads an unknown status as words rather than failing', () => {
    const es = new ReportFormatter('es');
    expect(es.label(DICTIONARIES.es.followUpStatuses, 'partially_implemented')).toBe('Implementada parcialmente');
    expect(es.label(DICTIONARIES.es.followUpStatuses, 'on_hold')).toBe('On hold');
    expect(es.label(DICTIONARIES.es.followUpStatuses, 'constructor')).toBe('Constructor');
  });

  it('has every label in every locale', () => {
    const keys = (value: unknown): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v).map((sub) => `${k}.${sub}`)])
        : [];
    expect(keys(DICTIONARIES.es)).toEqual(keys(DICTIONARIES.en));
    expect(keys(DICTIONARIES.fr)).toEqual(keys(DICTIONARIES.en));
  });
});

describe('winAnsi', () => {
  it('keeps what the standard fonts can draw and replaces the rest', () => {
    expect(winAnsi('Œuvre «mise en œuvre» – 5 € … ™')).toBe('Œuvre «mise en œuvre» – 5 € … ™');
    expect(winAnsi('62,5\u202f%')).toBe('62,5\u00a0%');
    expect(winAnsi('auditori\u0301a')).toBe('auditoría');
    expect(winAnsi('a\u200bb\u0007c\td')).toBe('abc d');
    expect(winAnsi('報告 🙂 −2')).toBe('?? ? -2');
  });
});
