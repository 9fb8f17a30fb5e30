// Turns a report's data into its file: picks the renderer for the format and names the file.
import type { ReportData, RenderedReport } from '../report-data';
import type { ReportFormat, ReportKind } from '../report.entity';
import { renderCsv } from './csv-renderer';
import { renderHtml } from './html-renderer';
import { renderPdf } from './pdf-renderer';
import { ReportFormatter } from './report-formatter';
import { buildOutline } from './report-outline';
import { findingsCsvTable, findingsSheets, milestoneCsvTable, milestoneSheets } from './report-tables';
import { renderXlsx } from './xlsx-renderer';

/** CSV and XLSX are for the tabular kinds; the full report is a document. */
export const SUPPORTED_FORMATS: Readonly<Record<ReportKind, readonly ReportFormat[]>> = {
  milestone: ['pdf', 'html', 'csv', 'xlsx'],
  findings: ['pdf', 'html', 'csv', 'xlsx'],
  full: ['pdf', 'html'],
};

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function isSupported(kind: ReportKind, format: ReportFormat): boolean {
  return SUPPORTED_FORMATS[kind]?.includes(format) ?? false;
}

/** Renders the report; rejects a kind and format that do not go together (a full report as CSV). */
export async function renderReport(data: ReportData, format: ReportFormat): Promise<RenderedReport> {
  if (!isSupported(data.kind, format)) {
    throw new Error(`A ${data.kind} report cannot be rendered as ${format}`);
  }
  return {
    body: await renderBody(data, format),
    contentType: CONTENT_TYPES[format],
    fileName: reportFileName(data, format),
  };
}

function renderBody(data: ReportData, format: ReportFormat): Promise<Buffer> {
  const fmt = new ReportFormatter(data.header.locale);
  switch (format) {
    case 'pdf':
      return renderPdf(buildOutline(data), fmt.dict);
    case 'html':
      return Promise.resolve(renderHtml(buildOutline(data), fmt.dict));
    case 'csv':
      if (data.kind === 'full') break;
      return Promise.resolve(
        renderCsv(data.kind === 'milestone' ? milestoneCsvTable(data, fmt) : findingsCsvTable(data, fmt), fmt.locale),
      );
    case 'xlsx': {
      if (data.kind === 'full') break;
      const sheets = data.kind === 'milestone' ? milestoneSheets(data, fmt) : findingsSheets(data, fmt);
      return renderXlsx(sheets, {
        title: `${fmt.dict.kinds[data.kind]} – ${data.header.review.title}`,
        subject: fmt.dict.kinds[data.kind],
        generatedAt: data.header.generatedAt,
      });
    }
  }
  return Promise.reject(new Error(`A ${data.kind} report cannot be rendered as ${format}`));
}

/**
 * `isssteson-milestone-2026-11-24.pdf`: the institution's acronym in lower-case ASCII (accents dropped, anything
 * else a dash), so the name is safe in a Content-Disposition header and on every file system.
 */
export function reportFileName(data: ReportData, format: ReportFormat): string {
  const acronym =
    data.header.institution.acronym
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'report';
  const asOf = data.header.asOf.replace(/[^0-9-]/g, '');
  return `${acronym}-${data.kind}-${asOf}.${format}`;
}
