// A review with 500 findings still makes a readable full PDF, whose length grows with the findings and no faster.
import { renderReport } from './report-renderer';
import { inspectPdf } from './testing/pdf-inspect';
import { reportFixture } from './testing/report-fixtures';

describe('a full PDF of 500 findings', () => {
  it('renders every finding, about half a page to a page each, with every page numbered', async () => {
    const small = await inspectPdf((await renderReport(reportFixture('full', 'es', { findings: 50 }), 'pdf')).body, {
      pages: [1],
    });
    const data = reportFixture('full', 'es', { findings: 500 });
    const large = await renderReport(data, 'pdf');
    const pdf = await inspectPdf(large.body, { pages: [2, -3, -2, -1] });
    const pages = pdf.pageCount;

    // Ten times the findings, about ten times the pages: nothing dropped, nothing laid out twice.
    expect(pages).toBeGreaterThan(250);
    expect(pages).toBeLessThan(500);
    expect(pages / small.pageCount).toBeGreaterThan(7);
    expect(pages / small.pageCount).toBeLessThan(13);

    const [second, ...end] = pdf.pages;
    expect(second.text).toContain(`Página 2 de ${pages}`);
    expect(end.map((p) => p.text).join(' ')).toContain(`500. ${data.findings[499].title}`);
    expect(end[2].text).toContain(`Página ${pages} de ${pages}`);
    // Pages are full, not one finding each, and charts are paths: the file stays small enough to mail.
    expect(large.body.length).toBeLessThan(3 * 1024 * 1024);
  }, 180_000);
});
