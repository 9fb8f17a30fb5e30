// Text for the PDF laid out and written in one pass: each word measured and encoded once, lines broken here.
//
// pdfkit lays a string out on every call (heightOfString and text both run its line breaker, which measures every word
// glyph by glyph with kerning), and writes each line as its own text object. A report of 500 findings measures and
// writes the same words (statuses, names, dates, labels) thousands of times, and measures most texts twice (once to
// fit them on the page, once to draw them). Here a word's width and its encoded glyphs are kept per font, a text is
// broken into lines once, and a block's lines (or a table row's cells) are written in one text object. The glyphs and
// their spacing are what pdfkit writes for the same lines: the standard fonts' WinAnsi codes with the same AFM kerning,
// inside words and across them.

/** The standard fonts the reports use (WinAnsi-encoded Type 1 fonts every PDF viewer has). */
export const REGULAR = 'Helvetica';
export const BOLD = 'Helvetica-Bold';
export const ITALIC = 'Helvetica-Oblique';
export type PdfFont = typeof REGULAR | typeof BOLD | typeof ITALIC;

/** One font's piece of a text (a bold label then its regular text). */
export interface Span {
  font: PdfFont;
  text: string;
}

/** A word or a run of spaces in one font, measured and encoded. */
interface Token {
  text: string;
  /** Whitespace: where a line may break, and dropped at either end of a line. */
  space: boolean;
  /** Advance in thousandths of an em, the kerning inside the token included. */
  advance: number;
  /** The token's glyphs as TJ operands: hex runs (even places) and the kerning between them (odd places). */
  parts: string[];
  first: string;
  last: string;
}

interface Placed {
  font: PdfFont;
  token: Token;
}

/** A laid-out line: its runs of one font each, and its width in points. */
export interface Line {
  runs: { font: PdfFont; tj: string; dx: number }[];
  width: number;
  /** The line as read. */
  text: string;
}

export interface Block {
  lines: Line[];
  size: number;
  /** Distance from one line's top to the next one's. */
  lineHeight: number;
  /** Line height times lines. */
  height: number;
}

export interface LayoutOptions {
  size: number;
  width: number;
  /** Extra space between lines, as pdfkit's `lineGap`. */
  lineGap?: number;
  /** Lines kept at most; the last one kept ends with an ellipsis when text was cut. */
  maxLines?: number;
}

/** Where to write a laid-out text (or lines `from` to `to` of it). */
export interface Placement {
  block: Block;
  x: number;
  /** The top of the first line, as pdfkit's `y`. */
  y: number;
  /** Box width, for right and centred alignment. */
  width?: number;
  align?: 'left' | 'right' | 'center';
  from?: number;
  to?: number;
}

/** The parts of pdfkit's standard (AFM) fonts used here; not in its public types. */
interface StandardFont {
  id: string;
  ascender: number;
  descender: number;
  lineGap: number;
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
  font: { characterToGlyph(code: number): string; getKernPair(left: string, right: string): number };
}

interface FontDocument {
  _font: StandardFont;
  font(name: string): unknown;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

const ELLIPSIS = '…';
/** Ordinary spaces break lines; a no-break space (French "62,5 %") does not. */
const SPACES = /( +|\n)/;
/** A hyphen between letters is a break opportunity after it ("Post-|review"), as in pdfkit. */
const HYPHEN_BREAK = /(?<=\p{L}-)(?=\p{L})/u;

const num = (n: number): string => String(Math.round(n * 1000) / 1000);

interface FontEntry {
  font: StandardFont;
  tokens: Map<string, Token>;
}

export class Typesetter {
  private readonly fonts = new Map<PdfFont, FontEntry>();
  private readonly colors = new Map<string, string>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** The width of a text on one line, in points. */
  widthOf(font: PdfFont, size: number, text: string): number {
    let advance = 0;
    let previous: Token | undefined;
    for (const part of text.split(SPACES)) {
      if (part.length === 0 || part === '\n') continue;
      const token = this.token(font, part);
      advance += token.advance + (previous ? this.kern(font, previous, token) : 0);
      previous = token;
    }
    return (advance * size) / 1000;
  }

  /** Breaks the spans into lines no wider than `width`: at spaces, after a hyphen between letters, and at "\n". */
  layout(spans: Span[], options: LayoutOptions): Block {
    const { size, width } = options;
    const maxAdvance = (width * 1000) / size;
    const lines: Placed[][] = [];
    let line: Placed[] = [];
    let lineAdvance = 0;
    /** Spaces after the last word: kept only if another word follows on the line. */
    let pending: Placed[] = [];
    let pendingAdvance = 0;
    const breakLine = (): void => {
      lines.push(line);
      line = [];
      lineAdvance = 0;
      pending = [];
      pendingAdvance = 0;
    };
    const last = (): Placed | undefined => pending[pending.length - 1] ?? line[line.length - 1];
    for (const span of spans) {
      for (const part of span.text.split(SPACES)) {
        if (part.length === 0) continue;
        if (part === '\n') {
          breakLine();
          continue;
        }
        if (part.charCodeAt(0) === 32) {
          if (line.length === 0) continue;
          const token = this.token(span.font, part);
          const before = last();
          pendingAdvance += token.advance + (before ? this.kernBetween(before, span.font, token) : 0);
          pending.push({ font: span.font, token });
          continue;
        }
        for (const piece of part.split(HYPHEN_BREAK)) {
          const token = this.token(span.font, piece);
          const before = last();
          const needed = pendingAdvance + token.advance + (before ? this.kernBetween(before, span.font, token) : 0);
          if (line.length > 0 && lineAdvance + needed <= maxAdvance) {
            line.push(...pending, { font: span.font, token });
            lineAdvance += needed;
            pending = [];
            pendingAdvance = 0;
            continue;
          }
          if (line.length > 0) breakLine();
          // A word longer than the line is cut where it must, as pdfkit does; the rest starts the next line.
          let rest = piece;
          for (;;) {
            const head =
              token.advance <= maxAdvance && rest === piece ? token : this.fitWord(span.font, rest, maxAdvance);
            line.push({ font: span.font, token: head });
            lineAdvance = head.advance;
            rest = rest.slice(head.text.length);
            if (rest.length === 0) break;
            breakLine();
          }
        }
      }
    }
    if (line.length > 0 || lines.length === 0) lines.push(line);
    let kept = lines;
    if (options.maxLines !== undefined && lines.length > options.maxLines) {
      kept = lines.slice(0, Math.max(1, options.maxLines));
      kept[kept.length - 1] = this.withEllipsis(kept[kept.length - 1], maxAdvance);
    }
    const lineHeight = Math.max(...spans.map((span) => this.lineHeight(span.font, size))) + (options.lineGap ?? 0);
    const laid = kept.map((placed) => this.line(placed, size));
    return { lines: laid, size, lineHeight, height: laid.length * lineHeight };
  }

  /**
   * Writes texts in one colour, all in one text object (a table row's cells, a paragraph's lines). Coordinates are
   * pdfkit's, whose page space is flipped (y grows downwards): a text matrix flipped back keeps the glyphs upright.
   */
  draw(color: string, placements: Placement[]): void {
    const fontDoc = this.doc as unknown as FontDocument;
    const parts: string[] = ['BT', this.fillOperator(color)];
    let current: PdfFont | undefined;
    let currentSize = 0;
    for (const { block, x, y, width, align, from = 0, to = block.lines.length } of placements) {
      const ascent = (this.maxAscender(block) / 1000) * block.size;
      for (let i = from; i < to; i += 1) {
        const line = block.lines[i];
        let left = x;
        if (width !== undefined && align === 'right') left += width - line.width;
        else if (width !== undefined && align === 'center') left += (width - line.width) / 2;
        const baseline = num(y + (i - from) * block.lineHeight + ascent);
        for (const run of line.runs) {
          if (run.font !== current || block.size !== currentSize) {
            const { font } = this.entry(run.font);
            fontDoc.page.fonts[font.id] ??= font.ref();
            parts.push(`/${font.id} ${num(block.size)} Tf`);
            current = run.font;
            currentSize = block.size;
          }
          parts.push(`1 0 0 -1 ${num(left + run.dx)} ${baseline} Tm [${run.tj}] TJ`);
        }
      }
    }
    if (current === undefined) return;
    parts.push('ET');
    fontDoc.addContent(parts.join('\n'));
  }

  /** pdfkit's line height for the font (its `currentLineHeight(true)`), without any extra gap. */
  lineHeight(name: PdfFont, size: number): number {
    const { font } = this.entry(name);
    return ((font.ascender + font.lineGap - font.descender) / 1000) * size;
  }

  private maxAscender(block: Block): number {
    let ascender = 0;
    for (const line of block.lines) {
      for (const run of line.runs) ascender = Math.max(ascender, this.entry(run.font).font.ascender);
    }
    return ascender;
  }

  private line(placed: Placed[], size: number): Line {
    const runs: Line['runs'] = [];
    let advance = 0;
    let text = '';
    /** The current run's TJ operands; adjacent hex runs are merged, so a line is a few strings, not one per word. */
    let operands: string[] = [];
    let runFont: PdfFont | undefined;
    let runStart = 0;
    let previous: Placed | undefined;
    const endRun = (): void => {
      if (runFont === undefined) return;
      const tj = operands.map((operand, i) => (i % 2 === 0 ? `<${operand}>` : operand)).join(' ');
      runs.push({ font: runFont, tj, dx: (runStart * size) / 1000 });
    };
    for (const item of placed) {
      const { parts } = item.token;
      if (item.font !== runFont) {
        endRun();
        runFont = item.font;
        runStart = advance;
        operands = [...parts];
      } else {
        const kern = previous ? this.kern(item.font, previous.token, item.token) : 0;
        if (kern !== 0) {
          // TJ moves left by a positive number: a negative kern (closer) is written as a positive one.
          operands.push(num(-kern), ...parts);
        } else {
          operands[operands.length - 1] += parts[0];
          for (let i = 1; i < parts.length; i += 1) operands.push(parts[i]);
        }
        advance += kern;
      }
      advance += item.token.advance;
      text += item.token.text;
      previous = item;
    }
    endRun();
    return { runs, width: (advance * size) / 1000, text };
  }

  /** The PDF operator that sets a `#rrggbb` fill colour (what pdfkit's fillColor writes, in fewer bytes). */
  private fillOperator(color: string): string {
    let operator = this.colors.get(color);
    if (operator === undefined) {
      const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
      if (!match) throw new Error(`not a #rrggbb colour: ${color}`);
      operator = `${match
        .slice(1)
        .map((hex) => num(parseInt(hex, 16) / 255))
        .join(' ')} rg`;
      this.colors.set(color, operator);
    }
    return operator;
  }

  /** The line as kept with "…" at its end, shortened until it fits; trailing spaces never precede the ellipsis. */
  private withEllipsis(placed: Placed[], maxAdvance: number): Placed[] {
    const items = [...placed];
    const font = items[items.length - 1]?.font ?? REGULAR;
    const ellipsis = this.token(font, ELLIPSIS);
    const advanceOf = (list: Placed[]): number =>
      list.reduce(
        (sum, item, i) => sum + item.token.advance + (i > 0 ? this.kernBetween(list[i - 1], item.font, item.token) : 0),
        0,
      );
    for (;;) {
      while (items.length > 0 && items[items.length - 1].token.space) items.pop();
      if (items.length === 0 || advanceOf(items) + ellipsis.advance <= maxAdvance) break;
      const lastItem = items[items.length - 1];
      const shorter = lastItem.token.text.slice(0, -1);
      if (shorter.length === 0) items.pop();
      else items[items.length - 1] = { font: lastItem.font, token: this.token(lastItem.font, shorter) };
    }
    items.push({ font, token: ellipsis });
    return items;
  }

  /** The longest start of `word` that fits in `maxAdvance` (at least one character). */
  private fitWord(font: PdfFont, word: string, maxAdvance: number): Token {
    let length = word.length;
    while (length > 1 && this.token(font, word.slice(0, length)).advance > maxAdvance) length -= 1;
    return this.token(font, word.slice(0, length));
  }

  private kernBetween(before: Placed, font: PdfFont, token: Token): number {
    return before.font === font ? this.kern(font, before.token, token) : 0;
  }

  private kern(font: PdfFont, left: Token, right: Token): number {
    return this.entry(font).font.font.getKernPair(left.last, right.first);
  }

  private entry(name: PdfFont): FontEntry {
    let entry = this.fonts.get(name);
    if (!entry) {
      // pdfkit hands out a font object only as the current font: the caller sets its font before drawing anyway.
      const fontDoc = this.doc as unknown as FontDocument;
      fontDoc.font(name);
      entry = { font: fontDoc._font, tokens: new Map() };
      this.fonts.set(name, entry);
    }
    return entry;
  }

  private token(name: PdfFont, text: string): Token {
    const entry = this.entry(name);
    let token = entry.tokens.get(text);
    if (token) return token;
    const [hex, positions] = entry.font.encode(text);
    const parts: string[] = [];
    let run = '';
    let advance = 0;
    for (let i = 0; i < hex.length; i += 1) {
      run += hex[i];
      const kern = positions[i].xAdvance - positions[i].advanceWidth;
      advance += positions[i].xAdvance;
      if (kern !== 0 && i < hex.length - 1) {
        parts.push(run, num(-kern));
        run = '';
      }
    }
    parts.push(run);
    const glyph = (code: number | undefined): string =>
      code === undefined ? '' : entry.font.font.characterToGlyph(code);
    token = {
      text,
      space: text.charCodeAt(0) === 32,
      advance,
      parts,
      first: glyph(text.charCodeAt(0)),
      last: glyph(text.charCodeAt(text.length - 1)),
    };
    entry.tokens.set(text, token);
    return token;
  }
}
