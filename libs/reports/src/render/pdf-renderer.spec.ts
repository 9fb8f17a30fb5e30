// The PDF read back as a viewer reads it: localized words, page numbers, metadata, and charts drawn as paths.
import { LOCALES } from '@vigia/common';
import { REPORT_KINDS } from '../report.entity';
import { DICTIONARIES } from './report-dictionary';
import { ReportFormatter } from './report-formatter';
import { renderReport } from './report-renderer';
import { inspectPdf } from './testing/pdf-inspect';
import { FIXTURE_FINDING_TITLE, reportFixture } from './testing/report-fixtures';

/** pdfjs gives every kind of space back as a plain one; so do the expectations. */
const plain = (text: string): string => text.replace(/\s+/g, ' ');

const SEASON = { en: 'Summer 2019', es: 'Verano de 2019', fr: 'Été 2019' } as const;

describe('PDF reports', () => {
  describe.each(REPORT_KINDS)('a %s report', (kind) => {
    it.each(LOCALES)('is written in %s, with a title page, numbered pages and metadata', async (locale) => {
      const dict = DICTIONARIES[locale];
      const data = reportFixture(kind, locale);
      const report = await renderReport(data, 'pdf');
      expect(report.contentType).toBe('application/pdf');
      expect(report.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const pdf = await inspectPdf(report.body);
      const total = pdf.pages.length;
      expect(total).toBeGreaterThan(2);
      const [title, ...rest] = pdf.pages;
      expect(title.text).toContain(dict.kinds[kind]);
      expect(title.text).toContain(plain(data.header.review.title));
      expect(title.text).toContain('ISSSTESON');
      expect(title.text).toContain(plain(new ReportFormatter(locale).dateLong(data.header.asOf)));
      // The title page carries no number; every other page says which it is of how many.
      expect(title.text).not.toContain(plain(dict.page(1, total)));
      rest.forEach((page, i) => expect(page.text).toContain(plain(dict.page(i + 2, total))));

      expect(pdf.info).toMatchObject({ Author: 'Vigía', Language: locale, Subject: dict.kinds[kind] });
      expect(pdf.info.Title).toContain(data.header.review.title);
    });
  });

  it.each(LOCALES)('shows the milestone report in %s: headings, the season label, the rate', async (locale) => {
    const dict = DICTIONARIES[locale];
    const text = await allText(reportFixture('milestone', locale));
    for (const heading of [
      dict.sections.summary,
      dict.sections.deliverables,
      dict.sections.milestones,
      dict.sections.workshopsHeld,
      dict.sections.findingsByFocusArea,
      dict.sections.recommendations,
      dict.sections.late,
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(SEASON[locale]);
    expect(text).toContain(dict.deliverableStatuses.in_review);
    expect(text).toContain(dict.charts.deliverablesByStatus);
  });

  it('writes percentages as each locale does, with the space before % where there is one', async () => {
    // 6 of 12 recommendations implemented and 3 partially: 62.5 %.
    expect(await allText(reportFixture('milestone', 'en'))).toContain('62.5%');
    expect(await allText(reportFixture('milestone', 'es'))).toContain('62,5 %');
    expect(await allText(reportFixture('full', 'fr'))).toContain('62,5 %');
    expect(await allText(reportFixture('milestone', 'es'))).not.toContain('62.5%');
  });

  it.each(LOCALES)('shows the findings register in %s with accented titles and every finding', async (locale) => {
    const dict = DICTIONARIES[locale];
    const data = reportFixture('findings', locale);
    const text = await allText(data);
    expect(text).toContain(dict.sections.register);
    expect(text).toContain(dict.sections.findingDetails);
    expect(text).toContain(plain(FIXTURE_FINDING_TITLE));
    expect(text).toContain(dict.columns.condition);
    expect(text).toContain(dict.followUpStatuses.partially_implemented);
    for (const finding of data.findings) expect(text).toContain(`${finding.number}. `);
  });

  it.each(LOCALES)('gives the full report in %s a chapter per focus area', async (locale) => {
    const dict = DICTIONARIES[locale];
    const data = reportFixture('full', locale);
    const text = await allText(data);
    expect(text).toContain(dict.sections.context);
    expect(text).toContain(dict.sections.indicators);
    expect(text).toContain(dict.sections.overall);
    data.focusAreas.forEach((area, i) => expect(text).toContain(plain(dict.chapter(i + 1, area.name))));
    expect(text).toContain(plain(FIXTURE_FINDING_TITLE));
    expect(text).toContain(dict.sections.principles);
  });

  it('draws its charts as vector paths, never as images', async () => {
    const report = await renderReport(reportFixture('milestone', 'es'), 'pdf');
    const pdf = await inspectPdf(report.body, { operators: true });
    const summary = pdf.pages[1];
    expect(summary.text).toContain(DICTIONARIES.es.charts.findingsByFocusArea);
    // Bars are filled rectangles; the rate ring's track is an even-odd filled pair of circles.
    expect(summary.operators).toContain('constructPath:fill');
    expect(summary.operators).toContain('constructPath:eoFill');
    for (const page of pdf.pages) expect(page.operators).not.toContain('paintImageXObject');
  });

  it('repeats a long table’s header row on every page it runs onto', async () => {
    const data = reportFixture('findings', 'fr', { findings: 120 });
    const pdf = await inspectPdf((await renderReport(data, 'pdf')).body);
    const dict = DICTIONARIES.fr;
    const register = pdf.pages.slice(1).filter((p) => p.text.includes(`${dict.columns.number} ${dict.columns.title}`));
    // 120 rows do not fit on one page: the header shows on each page of the register.
    expect(register.length).toBeGreaterThanOrEqual(3);
  });
});

async function allText(data: Parameters<typeof renderReport>[0]): Promise<string> {
  const pdf = await inspectPdf((await renderReport(data, 'pdf')).body);
  return pdf.pages.map((p) => p.text).join(' ');
}
