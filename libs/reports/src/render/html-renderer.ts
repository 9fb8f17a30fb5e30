// The HTML report: one self-contained, print-ready document from a report's outline; every piece of data escaped.
import escapeHtml from 'escape-html';
import { ACCENT_COLOR, INK_COLOR, MUTED_COLOR, RULE_COLOR } from './report-charts';
import type { ReportDictionary } from './report-dictionary';
import type { Block, Column, Field, Outline } from './report-outline';
import { svgChart } from './svg-charts';

type TableBlock = Extract<Block, { kind: 'table' }>;

const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
html { color: ${INK_COLOR}; font: 10pt/1.45 Helvetica, Arial, sans-serif; }
body { margin: 0 auto; max-width: 190mm; padding: 12mm 0; }
h1, h2, h3 { line-height: 1.2; break-after: avoid; page-break-after: avoid; }
h1 { color: ${ACCENT_COLOR}; font-size: 16pt; border-bottom: 1px solid ${ACCENT_COLOR}; padding-bottom: 2pt; margin: 20pt 0 8pt; }
h2 { font-size: 12pt; margin: 16pt 0 6pt; }
h3 { font-size: 10.5pt; margin: 12pt 0 4pt; }
.new-page { break-before: page; page-break-before: always; }
.title-page { min-height: 240mm; padding-top: 50mm; break-after: page; page-break-after: always; border-top: 8px solid ${ACCENT_COLOR}; }
.title-page .institution { color: ${ACCENT_COLOR}; font-weight: bold; font-size: 11pt; }
.title-page h1 { border: 0; color: ${INK_COLOR}; font-size: 26pt; margin: 14pt 0 4pt; }
.title-page .review { font-size: 15pt; margin: 0 0 24pt; }
.title-page dl { border-top: 1px solid ${ACCENT_COLOR}; padding-top: 12pt; width: 60%; }
.title-page .prepared { color: ${MUTED_COLOR}; font-style: italic; font-size: 8.5pt; margin-top: 60mm; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: ${MUTED_COLOR}; }
p { margin: 0 0 6pt; }
p .label { font-weight: bold; }
dl.fields { display: grid; grid-template-columns: 28% 1fr; gap: 3pt 8pt; margin: 0 0 8pt; }
dl.fields dt { color: ${MUTED_COLOR}; font-weight: bold; }
dl.fields dd { margin: 0; }
dl.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8pt; margin: 0 0 10pt; }
dl.figures div { background: #f5f7fa; border-left: 3px solid ${ACCENT_COLOR}; padding: 6pt 8pt; break-inside: avoid; }
dl.figures dd { font-size: 16pt; font-weight: bold; margin: 0; }
dl.figures dt { color: ${MUTED_COLOR}; font-size: 8pt; }
dl.figures dt, dl.figures dd { display: block; }
dl.figures div { display: flex; flex-direction: column-reverse; }
ul.items { padding-left: 14pt; }
ul.items li { margin-bottom: 4pt; }
ul.items .name { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 12pt; font-size: 8.5pt; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9.5pt; padding-bottom: 3pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 3pt 4pt; vertical-align: top; text-align: left; }
thead th { background: #e4e7eb; border-bottom: 1px solid ${INK_COLOR}; }
tbody tr:nth-child(even) { background: #f5f7fa; }
tbody th { font-weight: normal; }
tfoot td, tfoot th { font-weight: bold; border-top: 1px solid ${INK_COLOR}; }
table { border-bottom: 1px solid ${INK_COLOR}; }
.right { text-align: right; }
.center { text-align: center; }
.empty { color: ${MUTED_COLOR}; font-style: italic; }
.charts { display: flex; gap: 18pt; align-items: flex-start; margin: 6pt 0 12pt; break-inside: avoid; }
.charts figure { flex: 1; margin: 0; }
figure.chart figcaption { font-weight: bold; margin-bottom: 4pt; }
.rate { display: flex; gap: 12pt; align-items: center; }
.rate svg { width: 110px; flex: none; }
.rate p { font-size: 8pt; }
section.finding { border-top: 1px solid ${RULE_COLOR}; margin-top: 10pt; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
`;

/** Renders the outline as a UTF-8 HTML document in the report's language. */
export function renderHtml(outline: Outline, dict: ReportDictionary): Buffer {
  const title = outline.titlePage;
  const facts = title.facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(outline.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="author" content="Vigía">',
    `<meta name="generator" content="Vigía">`,
    `<title>${escapeHtml(outline.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header class="title-page">',
    `<div class="institution">${escapeHtml(title.institution)}</div>`,
    `<h1>${escapeHtml(title.kind)}</h1>`,
    `<p class="review">${escapeHtml(title.reviewTitle)}</p>`,
    `<dl class="fields">${facts}</dl>`,
    `<p class="prepared">${escapeHtml(title.footer)}</p>`,
    '</header>',
    '<main>',
    ...outline.blocks.map((b) => block(b, dict)),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return Buffer.from(html, 'utf8');
}

function block(b: Block, dict: ReportDictionary): string {
  switch (b.kind) {
    case 'heading': {
      const tag = `h${b.level}`;
      return `<${tag}${b.newPage ? ' class="new-page"' : ''}>${escapeHtml(b.text)}</${tag}>`;
    }
    case 'paragraph': {
      const label = b.label ? `<span class="label">${escapeHtml(b.label)}.</span> ` : '';
      return `<p${b.muted ? ' class="muted"' : ''}>${label}${escapeHtml(b.text)}</p>`;
    }
    case 'fields':
      return `<dl class="fields">${fieldItems(b.items)}</dl>`;
    case 'figures':
      return `<dl class="figures">${b.items
        .map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`)
        .join('')}</dl>`;
    case 'list':
      if (b.items.length === 0) return `<p class="empty">${escapeHtml(dict.noRows)}</p>`;
      return `<ul class="items">${b.items
        .map(
          (i) =>
            `<li><span class="name">${escapeHtml(i.title)}</span>${
              i.text ? `<br><span class="muted">${escapeHtml(i.text)}</span>` : ''
            }</li>`,
        )
        .join('')}</ul>`;
    case 'table':
      return table(b, dict);
    case 'charts':
      return `<div class="charts">${b.charts.map((c) => svgChart(c, dict.noData)).join('')}</div>`;
    case 'group':
      return `<section class="finding">${b.blocks.map((inner) => block(inner, dict)).join('\n')}</section>`;
  }
}

function fieldItems(items: Field[]): string {
  return items.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('');
}

function alignClass(column: Column | undefined): string {
  return column?.align && column.align !== 'left' ? ` class="${column.align}"` : '';
}

function table(t: TableBlock, dict: ReportDictionary): string {
  const head = t.columns.map((c) => `<th scope="col"${alignClass(c)}>${escapeHtml(c.header)}</th>`).join('');
  const row = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 && t.rowHeaders
          ? `<th scope="row"${alignClass(t.columns[i])}>${escapeHtml(cell)}</th>`
          : `<td${alignClass(t.columns[i])}>${escapeHtml(cell)}</td>`,
      )
      .join('');
  const body =
    t.rows.length > 0
      ? t.rows.map((cells) => `<tr>${row(cells)}</tr>`).join('\n')
      : `<tr><td class="empty" colspan="${t.columns.length}">${escapeHtml(dict.noRows)}</td></tr>`;
  const foot = t.totals ? `<tfoot><tr>${row(t.totals)}</tr></tfoot>` : '';
  const caption = `<caption${t.captionHidden ? ' class="visually-hidden"' : ''}>${escapeHtml(t.caption)}</caption>`;
  return `<table>\n${caption}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>${foot}\n</table>`;
}
