// The PDF: an A4 document laid out for reading and printing from a report's outline, streamed into a Buffer.
import PDFDocument from 'pdfkit';
import { ACCENT_COLOR, type Chart, INK_COLOR, MUTED_COLOR, RULE_COLOR } from './report-charts';
import type { ReportDictionary } from './report-dictionary';
import type { Block, Column, Field, Outline, TitlePage } from './report-outline';
import { chartHeight, drawChart } from './pdf-charts';
import { winAnsi } from './pdf-text';

type TableBlock = Extract<Block, { kind: 'table' }>;

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';

const MARGIN = { top: 62, bottom: 62, left: 56, right: 56 };
const BODY_SIZE = 9.5;
const TABLE_SIZE = 8;
const LINE_GAP = 1.5;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3.5;
const HEADER_FILL = '#e4e7eb';
const ZEBRA_FILL = '#f5f7fa';
const HEADINGS = {
  1: { size: 15, before: 14, after: 8, keep: 90 },
  2: { size: 11.5, before: 12, after: 5, keep: 70 },
  3: { size: 10, before: 8, after: 4, keep: 50 },
} as const;
/** Space a group (a finding) needs on the current page to start there rather than on the next. */
const GROUP_KEEP = 170;
/** Tables up to this many rows (and under half a page) are kept on one page. */
const SHORT_TABLE_ROWS = 15;
/** Rows measured to size a table's columns. */
const WIDTH_SAMPLE_ROWS = 200;
/** Where pdfkit may break a line: spaces, and after a hyphen. */
const WORD_BREAK = /\s+|(?<=-)/;

/** The font object pdfkit keeps as the current font (not in its public types). */
interface MeasuringFont {
  widthOfString(text: string, size: number, features?: unknown): number;
}

/**
 * pdfkit measures every word afresh (glyph by glyph, with kerning pairs) on each call, and a report measures the same
 * words again and again: cells are measured to size columns and rows before they are drawn. A width depends only on
 * the font, the size and the text, so each font's measurements are remembered for the document's lifetime.
 */
function memoiseTextWidths(doc: PDFKit.PDFDocument): void {
  const seen = new WeakSet<MeasuringFont>();
  const font = doc.font.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  (doc as unknown as { font: (...args: unknown[]) => PDFKit.PDFDocument }).font = (...args: unknown[]) => {
    const result = font(...args);
    const current = (doc as unknown as { _font?: MeasuringFont })._font;
    if (current && !seen.has(current)) {
      seen.add(current);
      const measure = current.widthOfString.bind(current);
      const widths = new Map<string, number>();
      current.widthOfString = (text, size, features) => {
        if (features !== undefined) return measure(text, size, features);
        const key = `${size}\u0000${text}`;
        let width = widths.get(key);
        if (width === undefined) widths.set(key, (width = measure(text, size)));
        return width;
      };
    }
    return result;
  };
}

/** Renders the outline; page footers read "Page 2 of 9" in the report's locale. */
export function renderPdf(outline: Outline, dict: ReportDictionary): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    // Pages stay in memory until the end so that every footer can say how many pages there are.
    bufferPages: true,
    lang: outline.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: outline.title,
      Author: 'Vigía',
      Subject: outline.titlePage.kind,
      Creator: 'Vigía',
      CreationDate: new Date(outline.generatedAt),
    },
  });
  memoiseTextWidths(doc);
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    new PdfLayout(doc, dict).render(outline);
    doc.end();
  } catch (error) {
    doc.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return done;
}

class PdfLayout {
  private readonly left = MARGIN.left;
  private readonly width: number;
  /** Whether anything has been drawn on the current page (a heading asking for a new page does not leave a blank one). */
  private pageUsed = false;
  /** Widths of words in table cells (at table size), by font. */
  private readonly wordWidths = new Map<string, number>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly dict: ReportDictionary,
  ) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  render(outline: Outline): void {
    this.titlePage(outline.titlePage);
    this.newPage();
    for (const block of outline.blocks) this.block(block);
    this.pageFurniture(outline.runningHeader);
  }

  // ---- pages

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = MARGIN.top;
    this.pageUsed = false;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom && this.pageUsed) this.newPage();
  }

  /** Running header and "Page n of N" on every page but the title page, once the page count is known. */
  private pageFurniture(runningHeader: string): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    const total = range.count;
    for (let i = range.start + 1; i < range.start + total; i += 1) {
      doc.switchToPage(i);
      // Writing in the bottom margin would otherwise make pdfkit start a new page.
      doc.page.margins.bottom = 0;
      doc
        .font(REGULAR)
        .fontSize(7.5)
        .fillColor(MUTED_COLOR)
        .text(winAnsi(runningHeader), this.left, 34, { width: this.width, height: 10, ellipsis: true });
      doc
        .lineWidth(0.5)
        .strokeColor(RULE_COLOR)
        .moveTo(this.left, 47)
        .lineTo(this.left + this.width, 47)
        .stroke();
      doc
        .font(REGULAR)
        .fontSize(8)
        .fillColor(MUTED_COLOR)
        .text(winAnsi(this.dict.page(i - range.start + 1, total)), this.left, doc.page.height - 40, {
          width: this.width,
          align: 'right',
        });
      doc.page.margins.bottom = MARGIN.bottom;
    }
  }

  // ---- title page

  private titlePage(page: TitlePage): void {
    const { doc, left, width } = this;
    doc.rect(0, 0, doc.page.width, 10).fill(ACCENT_COLOR);
    doc.font(BOLD).fontSize(11).fillColor(ACCENT_COLOR).text(winAnsi(page.institution), left, 170, { width });
    doc.moveDown(1.2);
    doc.font(BOLD).fontSize(26).fillColor(INK_COLOR).text(winAnsi(page.kind), { width, lineGap: 2 });
    doc.moveDown(0.4);
    doc.font(REGULAR).fontSize(15).fillColor(INK_COLOR).text(winAnsi(page.reviewTitle), { width, lineGap: 2 });
    doc.moveDown(1.5);
    const ruleY = doc.y;
    doc
      .lineWidth(1)
      .strokeColor(ACCENT_COLOR)
      .moveTo(left, ruleY)
      .lineTo(left + 120, ruleY)
      .stroke();
    doc.y = ruleY + 16;
    for (const fact of page.facts) {
      doc
        .font(BOLD)
        .fontSize(10)
        .fillColor(MUTED_COLOR)
        .text(winAnsi(`${fact.label}: `), left, doc.y, { continued: true, width })
        .font(REGULAR)
        .fillColor(INK_COLOR)
        .text(winAnsi(fact.value));
      doc.moveDown(0.35);
    }
    doc
      .font(ITALIC)
      .fontSize(8.5)
      .fillColor(MUTED_COLOR)
      .text(winAnsi(page.footer), left, doc.page.height - MARGIN.bottom - 20, { width });
  }

  // ---- blocks

  private block(block: Block): void {
    switch (block.kind) {
      case 'heading':
        return this.heading(block.level, block.text, block.newPage ?? false);
      case 'paragraph':
        return this.paragraph(block.text, block.label, block.muted ?? false);
      case 'fields':
        return this.fields(block.items);
      case 'figures':
        return this.figures(block.items);
      case 'list':
        return this.list(block.items);
      case 'table':
        return this.table(block);
      case 'charts':
        return this.charts(block.charts);
      case 'group':
        this.ensure(GROUP_KEEP);
        for (const inner of block.blocks) this.block(inner);
        return;
    }
  }

  private heading(level: 1 | 2 | 3, text: string, newPage: boolean): void {
    const { doc } = this;
    const style = HEADINGS[level];
    if (newPage && this.pageUsed) this.newPage();
    // A heading never ends a page: it needs room for itself and the start of what follows.
    this.ensure(style.before + style.size * 2 + style.keep);
    if (this.pageUsed) doc.y += style.before;
    doc
      .font(BOLD)
      .fontSize(style.size)
      .fillColor(level === 1 ? ACCENT_COLOR : INK_COLOR)
      .text(winAnsi(text), this.left, doc.y, { width: this.width });
    if (level === 1) {
      const y = doc.y + 2;
      doc
        .lineWidth(0.75)
        .strokeColor(ACCENT_COLOR)
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .stroke();
      doc.y = y;
    }
    doc.y += style.after;
    this.pageUsed = true;
  }

  private paragraph(text: string, label: string | undefined, muted: boolean): void {
    const { doc } = this;
    this.ensure(BODY_SIZE * 3);
    doc.fontSize(BODY_SIZE).fillColor(muted ? MUTED_COLOR : INK_COLOR);
    if (label) {
      doc.font(BOLD).text(winAnsi(`${label}. `), this.left, doc.y, {
        width: this.width,
        continued: true,
        lineGap: LINE_GAP,
      });
      doc.font(REGULAR).text(winAnsi(text), { width: this.width, lineGap: LINE_GAP });
    } else {
      doc
        .font(muted ? ITALIC : REGULAR)
        .text(winAnsi(text), this.left, doc.y, { width: this.width, lineGap: LINE_GAP });
    }
    doc.y += 5;
    this.pageUsed = true;
  }

  private fields(items: Field[]): void {
    const { doc } = this;
    const labelWidth = Math.round(this.width * 0.28);
    const valueX = this.left + labelWidth + 8;
    const valueWidth = this.width - labelWidth - 8;
    doc.fontSize(BODY_SIZE);
    const rows = items.map((item) => {
      const label = winAnsi(item.label);
      const value = winAnsi(item.value);
      const height = Math.max(
        doc.font(BOLD).heightOfString(label, { width: labelWidth, lineGap: LINE_GAP }),
        doc.font(REGULAR).heightOfString(value, { width: valueWidth, lineGap: LINE_GAP }),
      );
      return { label, value, height };
    });
    // A few facts read as one card: they move to the next page together rather than leave one behind.
    const total = rows.reduce((sum, row) => sum + row.height + 3, 0);
    if (total < (this.bottom - MARGIN.top) / 3) this.ensure(total);
    for (const { label, value, height } of rows) {
      this.ensure(height + 3);
      const y = doc.y;
      doc.font(BOLD).fillColor(MUTED_COLOR).text(label, this.left, y, { width: labelWidth, lineGap: LINE_GAP });
      doc.font(REGULAR).fillColor(INK_COLOR).text(value, valueX, y, { width: valueWidth, lineGap: LINE_GAP });
      doc.y = y + height + 3;
      this.pageUsed = true;
    }
    doc.y += 5;
  }

  /** Key figures as tiles, three to a row. */
  private figures(items: Field[]): void {
    const { doc } = this;
    const perRow = 3;
    const gap = 10;
    const tileWidth = (this.width - gap * (perRow - 1)) / perRow;
    for (let start = 0; start < items.length; start += perRow) {
      const row = items.slice(start, start + perRow);
      doc.font(REGULAR).fontSize(8);
      const labelHeight = Math.max(...row.map((f) => doc.heightOfString(winAnsi(f.label), { width: tileWidth - 16 })));
      const height = 8 + 20 + labelHeight + 8;
      this.ensure(height + gap);
      const y = doc.y;
      row.forEach((figure, i) => {
        const x = this.left + i * (tileWidth + gap);
        doc.rect(x, y, tileWidth, height).fill(ZEBRA_FILL);
        doc.rect(x, y, 3, height).fill(ACCENT_COLOR);
        doc
          .font(BOLD)
          .fontSize(16)
          .fillColor(INK_COLOR)
          .text(winAnsi(figure.value), x + 10, y + 8, { width: tileWidth - 16, height: 20, ellipsis: true });
        doc
          .font(REGULAR)
          .fontSize(8)
          .fillColor(MUTED_COLOR)
          .text(winAnsi(figure.label), x + 10, y + 28, { width: tileWidth - 16 });
      });
      doc.y = y + height + gap;
      this.pageUsed = true;
    }
    doc.y += 4;
  }

  private list(items: { title: string; text: string | null }[]): void {
    const { doc } = this;
    if (items.length === 0) return this.paragraph(this.dict.noRows, undefined, true);
    for (const item of items) {
      this.ensure(BODY_SIZE * 3);
      const y = doc.y;
      doc.circle(this.left + 3, y + 4.5, 1.6).fill(ACCENT_COLOR);
      doc
        .font(BOLD)
        .fontSize(BODY_SIZE)
        .fillColor(INK_COLOR)
        .text(winAnsi(item.title), this.left + 12, y, { width: this.width - 12, lineGap: LINE_GAP });
      if (item.text) {
        doc
          .font(REGULAR)
          .fillColor(MUTED_COLOR)
          .text(winAnsi(item.text), this.left + 12, doc.y, { width: this.width - 12, lineGap: LINE_GAP });
      }
      doc.y += 4;
      this.pageUsed = true;
    }
    doc.y += 4;
  }

  private charts(charts: Chart[]): void {
    const { doc } = this;
    const gap = 24;
    const width = charts.length > 1 ? (this.width - gap * (charts.length - 1)) / charts.length : this.width;
    const height = Math.max(...charts.map((c) => chartHeight(doc, c, width)));
    this.ensure(height + 12);
    const y = doc.y + 4;
    charts.forEach((chart, i) => drawChart(doc, chart, this.left + i * (width + gap), y, width, this.dict.noData));
    doc.x = this.left;
    doc.y = y + height + 12;
    this.pageUsed = true;
  }

  // ---- tables

  /**
   * A table whose header row is repeated on every page it runs onto. Rows are measured first and moved whole to
   * the next page when they do not fit; only a row taller than a page is cut (with an ellipsis).
   */
  private table(table: TableBlock): void {
    const { doc } = this;
    const headerCells = table.columns.map((c) => winAnsi(c.header));
    const rows = table.rows.map((row) => row.map(winAnsi));
    const widths = this.columnWidths(table.columns, headerCells, rows);
    doc.font(BOLD).fontSize(TABLE_SIZE);
    const headerHeight = this.rowHeight(headerCells, widths);
    const captionHeight = table.captionHidden ? 0 : 16;
    const maxRow = this.bottom - MARGIN.top - headerHeight - 4;

    // A short table is kept whole on one page; a long one at least keeps its header with its first row.
    doc.font(REGULAR).fontSize(TABLE_SIZE);
    let keep = rows.length > 0 ? Math.min(this.rowHeight(rows[0], widths), maxRow) : 16;
    if (rows.length <= SHORT_TABLE_ROWS) {
      const whole = rows.reduce((sum, row) => sum + this.rowHeight(row, widths), 0) + (table.totals ? 16 : 0);
      if (whole < (this.bottom - MARGIN.top) * 0.45) keep = whole;
    }
    this.ensure(captionHeight + headerHeight + keep);
    if (!table.captionHidden) {
      doc
        .font(BOLD)
        .fontSize(BODY_SIZE - 0.5)
        .fillColor(INK_COLOR)
        .text(winAnsi(table.caption), this.left, doc.y, { width: this.width });
      doc.y += 3;
    }
    this.pageUsed = true;
    this.headerRow(headerCells, widths, table.columns, headerHeight);

    if (rows.length === 0) {
      doc
        .font(ITALIC)
        .fontSize(TABLE_SIZE)
        .fillColor(MUTED_COLOR)
        .text(winAnsi(this.dict.noRows), this.left + CELL_PAD_X, doc.y + CELL_PAD_Y, { width: this.width });
      doc.y += 6;
    }
    rows.forEach((cells, index) => {
      this.bodyRow(cells, widths, table.columns, { index, bold: false, headerCells, headerHeight, maxRow });
    });
    if (table.totals) {
      const cells = table.totals.map(winAnsi);
      this.bodyRow(cells, widths, table.columns, { index: -1, bold: true, headerCells, headerHeight, maxRow });
    }
    doc
      .lineWidth(0.6)
      .strokeColor(INK_COLOR)
      .moveTo(this.left, doc.y)
      .lineTo(this.left + this.width, doc.y)
      .stroke();
    doc.x = this.left;
    doc.y += 12;
  }

  /**
   * Widths from the columns' weights, widened where needed so that no word is broken across lines ("Responsable"
   * in a narrow column), the extra taken from the other columns in proportion to their weights.
   */
  private columnWidths(columns: Column[], header: string[], rows: string[][]): number[] {
    const { doc } = this;
    const longestWord = (texts: string[], font: string): number => {
      let max = 0;
      for (const text of texts) {
        for (const word of text.split(WORD_BREAK)) {
          if (word.length === 0) continue;
          // Names, statuses and units recur in every row of a register: each word is measured once.
          const key = `${font}\u0000${word}`;
          let width = this.wordWidths.get(key);
          if (width === undefined) {
            width = doc.widthOfString(word);
            this.wordWidths.set(key, width);
          }
          if (width > max) max = width;
        }
      }
      return max;
    };
    // The longest words show up in the first rows as well as anywhere: a sample keeps a long register cheap.
    const sample = rows.length > WIDTH_SAMPLE_ROWS ? rows.slice(0, WIDTH_SAMPLE_ROWS) : rows;
    const minimums = columns.map((_, i) => {
      doc.font(BOLD).fontSize(TABLE_SIZE);
      const head = longestWord([header[i]], BOLD);
      doc.font(REGULAR).fontSize(TABLE_SIZE);
      const body = longestWord(
        sample.map((row) => row[i] ?? ''),
        REGULAR,
      );
      return Math.min(Math.max(head, body) + 2 * CELL_PAD_X + 1, this.width * 0.4);
    });
    const fixed = new Set<number>();
    let widths: number[] = [];
    for (let pass = 0; pass <= columns.length; pass += 1) {
      const fixedWidth = [...fixed].reduce((sum, i) => sum + minimums[i], 0);
      const freeWeight = columns.reduce((sum, c, i) => (fixed.has(i) ? sum : sum + c.weight), 0);
      const free = Math.max(0, this.width - fixedWidth);
      widths = columns.map((c, i) => (fixed.has(i) ? minimums[i] : (c.weight / freeWeight) * free));
      const short = widths.map((w, i) => (!fixed.has(i) && w < minimums[i] ? i : -1)).filter((i) => i >= 0);
      if (short.length === 0 || fixed.size + short.length === columns.length) break;
      for (const i of short) fixed.add(i);
    }
    // When even the minimums do not fit, scale everything down: words will break, the table still fits the page.
    const total = widths.reduce((sum, w) => sum + w, 0);
    return total > this.width ? widths.map((w) => (w / total) * this.width) : widths;
  }

  private rowHeight(cells: string[], widths: number[]): number {
    const { doc } = this;
    const lineGap = LINE_GAP - 1;
    let height = 0;
    cells.forEach((text, i) => {
      const width = widths[i] - 2 * CELL_PAD_X;
      // Most cells hold one line: measuring its width is much cheaper than laying it out, and gives the same height.
      const h =
        !text.includes('\n') && doc.widthOfString(text) <= width
          ? doc.currentLineHeight(true) + lineGap
          : doc.heightOfString(text, { width, lineGap });
      if (h > height) height = h;
    });
    return height + 2 * CELL_PAD_Y;
  }

  private headerRow(cells: string[], widths: number[], columns: Column[], height: number): void {
    const { doc } = this;
    const y = doc.y;
    doc.rect(this.left, y, this.width, height).fill(HEADER_FILL);
    doc.font(BOLD).fontSize(TABLE_SIZE).fillColor(INK_COLOR);
    this.cells(cells, widths, columns, y, height);
    doc
      .lineWidth(0.6)
      .strokeColor(INK_COLOR)
      .moveTo(this.left, y + height)
      .lineTo(this.left + this.width, y + height)
      .stroke();
    doc.y = y + height;
  }

  private bodyRow(
    cells: string[],
    widths: number[],
    columns: Column[],
    options: { index: number; bold: boolean; headerCells: string[]; headerHeight: number; maxRow: number },
  ): void {
    const { doc } = this;
    doc.font(options.bold ? BOLD : REGULAR).fontSize(TABLE_SIZE);
    const height = Math.min(this.rowHeight(cells, widths), options.maxRow);
    if (doc.y + height > this.bottom) {
      this.newPage();
      this.pageUsed = true;
      this.headerRow(options.headerCells, widths, columns, options.headerHeight);
      doc.font(options.bold ? BOLD : REGULAR).fontSize(TABLE_SIZE);
    }
    const y = doc.y;
    if (options.index % 2 === 1) doc.rect(this.left, y, this.width, height).fill(ZEBRA_FILL);
    if (options.bold) {
      doc
        .lineWidth(0.6)
        .strokeColor(INK_COLOR)
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .stroke();
    }
    doc.fillColor(INK_COLOR);
    this.cells(cells, widths, columns, y, height);
    doc.y = y + height;
  }

  private cells(cells: string[], widths: number[], columns: Column[], y: number, height: number): void {
    let x = this.left;
    cells.forEach((text, i) => {
      if (text) {
        this.doc.text(text, x + CELL_PAD_X, y + CELL_PAD_Y, {
          width: widths[i] - 2 * CELL_PAD_X,
          // A little slack: the measured height is exact, and pdfkit cuts a last line that overshoots by a hair.
          height: height - 2 * CELL_PAD_Y + 2,
          ellipsis: true,
          align: columns[i]?.align ?? 'left',
          lineGap: LINE_GAP - 1,
        });
      }
      x += widths[i];
    });
  }
}
