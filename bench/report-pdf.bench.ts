// A `full` PDF of a review with 500 findings: Vigía's renderer (title page, tables, charts, page numbers) against the
// same library (pdfkit) writing the same data as plain paragraphs in a bare script.
import { renderReport } from '../libs/reports/src/render';
import { reportFixture } from '../libs/reports/src/render/testing/report-fixtures';
import type { FullReportData } from '@vigia/reports';
import PDFDocument from 'pdfkit';
import { compare, type Comparison } from './harness';

/** The bare baseline: every string of the report, in order, with two fonts and no layout beyond flowing text. */
function barePdf(data: FullReportData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const heading = (text: string) => doc.font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.3);
    const para = (text: string) => doc.font('Helvetica').fontSize(10).text(text).moveDown(0.2);
    heading(data.header.review.title);
    para(data.header.institution.name);
    if (data.header.review.summary) para(data.header.review.summary);
    for (const c of data.components) para(`${c.title}: ${c.description ?? ''}`);
    for (const i of data.indicators) para(`${i.metric} ${i.year}: ${i.value} ${i.unit ?? ''} (${i.source})`);
    for (const f of data.findings) {
      heading(`${f.number}. ${f.title}`);
      para(
        `${f.focusArea.name} · ${f.principles.map((p) => p.name).join(', ')} · ${f.rating} (${f.likelihood}x${f.impact})`,
      );
      for (const text of [f.condition, f.criteria, f.cause, f.effect]) para(text);
      for (const r of f.recommendations) {
        para(`${r.text} — ${r.responsibleUnit}, ${r.targetOn}, ${r.status}`);
        for (const u of r.followUps) para(`${u.on} ${u.status}: ${u.note} (${u.by})`);
      }
    }
    doc.end();
  });
}

export async function run(): Promise<Comparison> {
  const data = reportFixture('full', 'es', { findings: 500 });
  return compare(
    'Full PDF report, 500 findings (es)',
    { name: 'Vigía renderReport(full, pdf)', run: () => renderReport(data, 'pdf') },
    { name: 'bare pdfkit, same text as paragraphs', run: () => barePdf(data) },
    { rounds: 5, goal: '<= 1.5x' },
  );
}
