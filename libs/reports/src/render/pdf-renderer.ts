// The PDF: an A4 document laid out for reading and printing from a report's outline, streamed into a Buffer.
import PDFDocument from 'pdfkit';
import { ACCENT_COLOR, type Chart, INK_COLOR, MUTED_COLOR, RULE_COLOR } from './report-charts';
import type { ReportDictionary } from './report-dictionary';
import type { Block, Column, Field, Outline, TitlePage } from './report-outline';
import { EventLoopTurns } from './event-loop-turns';
import { chartHeight, drawChart } from './pdf-charts';
import { winAnsi } from './pdf-text';
import { type Block as TextBlock, BOLD, ITALIC, type PdfFont, REGULAR, type Span, Typesetter } from './pdf-typesetter';

type TableBlock = Extract<Block, { kind: 'table' }>;

/** A table row laid out: one text per cell, and the row's height with its padding. */
interface TableRow {
  cells: TextBlock[];
  height: number;
}

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
/** Where the typesetter may break a line: spaces, line ends, and after a hyphen between letters. */
const WORD_BREAK = / +|\n|(?<=\p{L}-)(?=\p{L})/u;

/** The buffered pages pdfkit keeps until `flushPages` (not in its public types). */
interface PageBuffer {
  _pageBuffer: unknown[];
}

/**
 * Renders the outline; page footers read "Page 2 of 9" in the report's locale. The work is cut into slices with a
 * turn for the event loop between them, so that a long report rendered on a busy thread (in-process, where no render
 * thread is available) delays its other work by a slice, never by the whole document.
 */
export async function renderPdf(outline: Outline, dict: ReportDictionary): Promise<Buffer> {
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
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const turns = new EventLoopTurns();
  try {
    await new PdfLayout(doc, dict, turns).render(outline);
    await flushInSlices(doc, turns);
  } catch (error) {
    doc.end();
    // The layout's error is the one to report, not what the half-written document may emit after it.
    done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}

/** Compresses and writes the buffered pages one by one (pdfkit would write them all in one go at `end`). */
async function flushInSlices(doc: PDFKit.PDFDocument, turns: EventLoopTurns): Promise<void> {
  const buffer = doc as unknown as PageBuffer;
  for (const page of buffer._pageBuffer.splice(0)) {
    buffer._pageBuffer = [page];
    doc.flushPages();
    if (turns.due) await turns.give();
  }
}

class PdfLayout {
  private readonly left = MARGIN.left;
  private readonly width: number;
  /** Whether anything has been drawn on the current page (a heading asking for a new page does not leave a blank one). */
  private pageUsed = false;
  private readonly type: Typesetter;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly dict: ReportDictionary,
    private readonly turns: EventLoopTurns,
  ) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
    this.type = new Typesetter(doc);
  }

  async render(outline: Outline): Promise<void> {
    this.titlePage(outline.titlePage);
    this.newPage();
    for (const block of outline.blocks) await this.block(block);
    await this.pageFurniture(outline.runningHeader);
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
  private async pageFurniture(runningHeader: string): Promise<void> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    const total = range.count;
    const header = this.type.layout([{ font: REGULAR, text: winAnsi(runningHeader) }], {
      size: 7.5,
      width: this.width,
      maxLines: 1,
    });
    for (let i = range.start + 1; i < range.start + total; i += 1) {
      doc.switchToPage(i);
      this.type.draw(MUTED_COLOR, [{ block: header, x: this.left, y: 34 }]);
      doc
        .lineWidth(0.5)
        .strokeColor(RULE_COLOR)
        .moveTo(this.left, 47)
        .lineTo(this.left + this.width, 47)
        .stroke();
      const page = this.type.layout([{ font: REGULAR, text: winAnsi(this.dict.page(i - range.start + 1, total)) }], {
        size: 8,
        width: this.width,
      });
      this.type.draw(MUTED_COLOR, [
        { block: page, x: this.left, y: doc.page.height - 40, width: this.width, align: 'right' },
      ]);
      if (this.turns.due) await this.turns.give();
    }
  }

  /** Writes a laid-out text from the cursor down, onto as many pages as it needs. */
  private flow(text: TextBlock, x: number, color: string): void {
    const { doc } = this;
    let from = 0;
    while (from < text.lines.length) {
      const room = Math.floor((this.bottom - doc.y) / text.lineHeight + 1e-9);
      if (room <= 0 && this.pageUsed) {
        this.newPage();
        continue;
      }
      const to = Math.min(text.lines.length, from + Math.max(room, 1));
      this.type.draw(color, [{ block: text, x, y: doc.y, from, to }]);
      doc.y += (to - from) * text.lineHeight;
      from = to;
      this.pageUsed = true;
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

  private async block(block: Block): Promise<void> {
    if (this.turns.due) await this.turns.give();
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
        return await this.table(block);
      case 'charts':
        return this.charts(block.charts);
      case 'group':
        this.ensure(GROUP_KEEP);
        for (const inner of block.blocks) await this.block(inner);
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
    const laid = this.type.layout([{ font: BOLD, text: winAnsi(text) }], { size: style.size, width: this.width });
    this.flow(laid, this.left, level === 1 ? ACCENT_COLOR : INK_COLOR);
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
    const spans: Span[] = label
      ? [
          { font: BOLD, text: winAnsi(`${label}. `) },
          { font: REGULAR, text: winAnsi(text) },
        ]
      : [{ font: muted ? ITALIC : REGULAR, text: winAnsi(text) }];
    const laid = this.type.layout(spans, { size: BODY_SIZE, width: this.width, lineGap: LINE_GAP });
    this.flow(laid, this.left, muted ? MUTED_COLOR : INK_COLOR);
    doc.y += 5;
    this.pageUsed = true;
  }

  private fields(items: Field[]): void {
    const { doc } = this;
    const labelWidth = Math.round(this.width * 0.28);
    const valueX = this.left + labelWidth + 8;
    const valueWidth = this.width - labelWidth - 8;
    const rows = items.map((item) => {
      const label = this.type.layout([{ font: BOLD, text: winAnsi(item.label) }], {
        size: BODY_SIZE,
        width: labelWidth,
        lineGap: LINE_GAP,
      });
      const value = this.type.layout([{ font: REGULAR, text: winAnsi(item.value) }], {
        size: BODY_SIZE,
        width: valueWidth,
        lineGap: LINE_GAP,
      });
      return { label, value, height: Math.max(label.height, value.height) };
    });
    // A few facts read as one card: they move to the next page together rather than leave one behind.
    const total = rows.reduce((sum, row) => sum + row.height + 3, 0);
    if (total < (this.bottom - MARGIN.top) / 3) this.ensure(total);
    for (const { label, value, height } of rows) {
      this.ensure(height + 3);
      const y = doc.y;
      this.type.draw(MUTED_COLOR, [{ block: label, x: this.left, y }]);
      this.type.draw(INK_COLOR, [{ block: value, x: valueX, y }]);
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
    const width = this.width - 12;
    for (const item of items) {
      this.ensure(BODY_SIZE * 3);
      doc.circle(this.left + 3, doc.y + 4.5, 1.6).fill(ACCENT_COLOR);
      const title = this.type.layout([{ font: BOLD, text: winAnsi(item.title) }], {
        size: BODY_SIZE,
        width,
        lineGap: LINE_GAP,
      });
      this.flow(title, this.left + 12, INK_COLOR);
      if (item.text) {
        const text = this.type.layout([{ font: REGULAR, text: winAnsi(item.text) }], {
          size: BODY_SIZE,
          width,
          lineGap: LINE_GAP,
        });
        this.flow(text, this.left + 12, MUTED_COLOR);
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
   * A table whose header row is repeated on every page it runs onto. Rows are laid out once, first, and moved whole
   * to the next page when they do not fit; only a row taller than a page is cut (with an ellipsis).
   */
  private async table(table: TableBlock): Promise<void> {
    const { doc } = this;
    const headerCells = table.columns.map((c) => winAnsi(c.header));
    const texts = table.rows.map((row) => row.map(winAnsi));
    const widths = this.columnWidths(table.columns, headerCells, texts);
    const header = this.row(headerCells, widths, BOLD, Infinity);
    const captionHeight = table.captionHidden ? 0 : 16;
    const maxRow = this.bottom - MARGIN.top - header.height - 4;
    const rows: TableRow[] = [];
    for (const cells of texts) {
      rows.push(this.row(cells, widths, REGULAR, maxRow));
      if (this.turns.due) await this.turns.give();
    }
    const totals = table.totals ? this.row(table.totals.map(winAnsi), widths, BOLD, maxRow) : undefined;

    // A short table is kept whole on one page; a long one at least keeps its header with its first row.
    let keep = rows.length > 0 ? rows[0].height : 16;
    if (rows.length <= SHORT_TABLE_ROWS) {
      const whole = rows.reduce((sum, row) => sum + row.height, 0) + (totals ? 16 : 0);
      if (whole < (this.bottom - MARGIN.top) * 0.45) keep = whole;
    }
    this.ensure(captionHeight + header.height + keep);
    if (!table.captionHidden) {
      const caption = this.type.layout([{ font: BOLD, text: winAnsi(table.caption) }], {
        size: BODY_SIZE - 0.5,
        width: this.width,
      });
      this.flow(caption, this.left, INK_COLOR);
      doc.y += 3;
    }
    this.pageUsed = true;
    this.headerRow(header, widths, table.columns);

    if (rows.length === 0) {
      const none = this.type.layout([{ font: ITALIC, text: winAnsi(this.dict.noRows) }], {
        size: TABLE_SIZE,
        width: this.width,
      });
      this.type.draw(MUTED_COLOR, [{ block: none, x: this.left + CELL_PAD_X, y: doc.y + CELL_PAD_Y }]);
      doc.y += CELL_PAD_Y + none.height + 6;
    }
    for (const [index, row] of rows.entries()) {
      this.bodyRow(row, widths, table.columns, { index, bold: false, header });
      if (this.turns.due) await this.turns.give();
    }
    if (totals) this.bodyRow(totals, widths, table.columns, { index: -1, bold: true, header });
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
    const longestWord = (texts: string[], font: PdfFont): number => {
      let max = 0;
      for (const text of texts) {
        for (const word of text.split(WORD_BREAK)) {
          if (word.length > 0) max = Math.max(max, this.type.widthOf(font, TABLE_SIZE, word));
        }
      }
      return max;
    };
    // The longest words show up in the first rows as well as anywhere: a sample keeps a long register cheap.
    const sample = rows.length > WIDTH_SAMPLE_ROWS ? rows.slice(0, WIDTH_SAMPLE_ROWS) : rows;
    const minimums = columns.map((_, i) => {
      const head = longestWord([header[i]], BOLD);
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

  /** A row's cells laid out in their columns; a row taller than `maxHeight` is cut with an ellipsis. */
  private row(cells: string[], widths: number[], font: PdfFont, maxHeight: number): TableRow {
    const lineHeight = this.type.lineHeight(font, TABLE_SIZE) + LINE_GAP - 1;
    const maxLines = Number.isFinite(maxHeight)
      ? Math.max(1, Math.floor((maxHeight - 2 * CELL_PAD_Y) / lineHeight))
      : undefined;
    const laid = cells.map((text, i) =>
      this.type.layout([{ font, text }], {
        size: TABLE_SIZE,
        width: widths[i] - 2 * CELL_PAD_X,
        lineGap: LINE_GAP - 1,
        maxLines,
      }),
    );
    return { cells: laid, height: Math.max(...laid.map((cell) => cell.height)) + 2 * CELL_PAD_Y };
  }

  private headerRow(header: TableRow, widths: number[], columns: Column[]): void {
    const { doc } = this;
    const y = doc.y;
    doc.rect(this.left, y, this.width, header.height).fill(HEADER_FILL);
    this.cells(header, widths, columns, y);
    doc
      .lineWidth(0.6)
      .strokeColor(INK_COLOR)
      .moveTo(this.left, y + header.height)
      .lineTo(this.left + this.width, y + header.height)
      .stroke();
    doc.y = y + header.height;
  }

  private bodyRow(
    row: TableRow,
    widths: number[],
    columns: Column[],
    options: { index: number; bold: boolean; header: TableRow },
  ): void {
    const { doc } = this;
    if (doc.y + row.height > this.bottom) {
      this.newPage();
      this.pageUsed = true;
      this.headerRow(options.header, widths, columns);
    }
    const y = doc.y;
    if (options.index % 2 === 1) doc.rect(this.left, y, this.width, row.height).fill(ZEBRA_FILL);
    if (options.bold) {
      doc
        .lineWidth(0.6)
        .strokeColor(INK_COLOR)
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .stroke();
    }
    this.cells(row, widths, columns, y);
    doc.y = y + row.height;
  }

  /** A row's cells, written together. */
  private cells(row: TableRow, widths: number[], columns: Column[], y: number): void {
    let x = this.left;
    const placements = row.cells.map((block, i) => {
      const placement = {
        block,
        x: x + CELL_PAD_X,
        y: y + CELL_PAD_Y,
        width: widths[i] - 2 * CELL_PAD_X,
        align: columns[i]?.align ?? 'left',
      };
      x += widths[i];
      return placement;
    });
    this.type.draw(INK_COLOR, placements);
  }
}
