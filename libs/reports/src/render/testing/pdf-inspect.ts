// Reads a rendered PDF back for the specs, with pdfjs as a viewer would: text per page, metadata, drawing operators.
import { join } from 'node:path';

export interface PdfPage {
  /** The page's text, its runs joined by spaces, every kind of space made a plain one. */
  text: string;
  /**
   * Names of the operators the page draws with (showText, paintImageXObject...); a path is named with how it is
   * painted, as pdfjs records it: `constructPath:fill`, `constructPath:eoFill`, `constructPath:stroke`.
   */
  operators: string[];
}

export interface InspectedPdf {
  pageCount: number;
  /** The pages read (all unless `pages` asked for some). */
  pages: PdfPage[];
  /** The document information dictionary, plus `Language` from the catalogue. */
  info: Record<string, unknown>;
}

export interface InspectOptions {
  /** Also list each page's drawing operators. */
  operators?: boolean;
  /** Only these pages (1-based; -1 is the last): reading 300 pages of text takes a while. */
  pages?: number[];
}

export async function inspectPdf(body: Buffer, options: InspectOptions = {}): Promise<InspectedPdf> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const opNames = new Map<number, string>(Object.entries(pdfjs.OPS).map(([name, code]) => [code, name]));
  const document = await pdfjs.getDocument({
    data: new Uint8Array(body),
    standardFontDataUrl: `${join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts')}/`,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: PdfPage[] = [];
    const count = document.numPages;
    const wanted = options.pages
      ? options.pages.map((n) => (n < 0 ? count + 1 + n : n))
      : Array.from({ length: count }, (_, i) => i + 1);
    for (const n of wanted) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      const text = content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ');
      let operators: string[] = [];
      if (options.operators) {
        const list = await page.getOperatorList();
        operators = list.fnArray.map((fn, i) => {
          const name = opNames.get(fn) ?? String(fn);
          const paint = fn === pdfjs.OPS.constructPath ? (list.argsArray[i] as unknown[])[0] : undefined;
          return typeof paint === 'number' ? `${name}:${opNames.get(paint) ?? paint}` : name;
        });
      }
      pages.push({ text, operators });
      page.cleanup();
    }
    const metadata = await document.getMetadata();
    return { pageCount: count, pages, info: metadata.info as Record<string, unknown> };
  } finally {
    await document.destroy();
  }
}
