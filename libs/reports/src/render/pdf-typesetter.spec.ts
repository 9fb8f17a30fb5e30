// The PDF typesetter measures as pdfkit does (kerning included), breaks lines where pdfkit may, and cuts with "…".
import PDFDocument from 'pdfkit';
import { BOLD, REGULAR, Typesetter } from './pdf-typesetter';
import { inspectPdf } from './testing/pdf-inspect';

const KERNED = 'AVATAR: Té, «Vía» y “Tomo” — WAY To'; // A·V, T·e, V·í, T·o, W·A, A·Y: pairs the AFM kerns.
const PARAGRAPH =
  'En 2016 el Instituto adjudicó de forma directa 41 % de sus contratos de medicamentos invocando «urgencia», sin ' +
  'dictamen técnico que la acreditara; la planeación anual de compras no se vincula con los inventarios.';

function newDocument(): PDFKit.PDFDocument {
  return new PDFDocument({ size: 'A4', margin: 56, bufferPages: true });
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}

describe('Typesetter', () => {
  it('measures a line as pdfkit does, with the kerning inside words and across the spaces', () => {
    const doc = newDocument();
    const type = new Typesetter(doc);
    for (const font of [REGULAR, BOLD] as const) {
      doc.font(font).fontSize(9.5);
      expect(type.widthOf(font, 9.5, KERNED)).toBeCloseTo(doc.widthOfString(KERNED), 9);
      const [line] = type.layout([{ font, text: KERNED }], { size: 9.5, width: 1000 }).lines;
      expect(line.text).toBe(KERNED);
      expect(line.width).toBeCloseTo(doc.widthOfString(KERNED), 9);
    }
  });

  it('breaks at spaces into lines no wider than the box, every word kept in order', () => {
    const doc = newDocument();
    const type = new Typesetter(doc);
    const block = type.layout([{ font: REGULAR, text: PARAGRAPH }], { size: 9.5, width: 180, lineGap: 1.5 });
    expect(block.lines.length).toBeGreaterThan(3);
    for (const line of block.lines) {
      expect(line.width).toBeLessThanOrEqual(180);
      // No line starts or ends with the space it broke at.
      expect(line.text).toBe(line.text.trim());
    }
    expect(block.lines.map((l) => l.text).join(' ')).toBe(PARAGRAPH);
    doc.font(REGULAR).fontSize(9.5);
    expect(block.lineHeight).toBeCloseTo(doc.currentLineHeight(true) + 1.5, 9);
    expect(block.height).toBeCloseTo(block.lines.length * block.lineHeight, 9);
  });

  it('breaks after a hyphen between letters and "\\n", never at a no-break space', () => {
    const type = new Typesetter(newDocument());
    const lines = (text: string, width: number) =>
      type.layout([{ font: REGULAR, text }], { size: 10, width }).lines.map((l) => l.text);
    expect(lines('Capacity-building', 50)).toEqual(['Capacity-', 'building']);
    expect(lines('uno\ndos', 500)).toEqual(['uno', 'dos']);
    expect(lines('de 62,5\u00a0%', 40)).toEqual(['de', '62,5\u00a0%']);
  });

  it('cuts a word longer than the line, and a text longer than its lines with an ellipsis', () => {
    const type = new Typesetter(newDocument());
    const long = type.layout([{ font: REGULAR, text: 'Profesionalización' }], { size: 10, width: 40 }).lines;
    expect(long.length).toBeGreaterThan(1);
    expect(long.map((l) => l.text).join('')).toBe('Profesionalización');
    const cut = type.layout([{ font: REGULAR, text: PARAGRAPH }], { size: 9.5, width: 180, maxLines: 2 });
    expect(cut.lines).toHaveLength(2);
    expect(cut.lines[1].text.endsWith('…')).toBe(true);
    expect(cut.lines[1].width).toBeLessThanOrEqual(180);
  });

  it('writes text a PDF reader reads back: mixed fonts, right alignment, across pages', async () => {
    const doc = newDocument();
    const type = new Typesetter(doc);
    const block = type.layout(
      [
        { font: BOLD, text: 'Condición. ' },
        { font: REGULAR, text: KERNED },
      ],
      { size: 10, width: 480 },
    );
    type.draw('#1f2933', [{ block, x: 56, y: 100 }]);
    doc.addPage();
    const right = type.layout([{ font: REGULAR, text: 'Página 2 de 2' }], { size: 8, width: 480 });
    type.draw('#1f2933', [{ block: right, x: 56, y: 800, width: 480, align: 'right' }]);
    const pdf = await inspectPdf(await finish(doc));
    expect(pdf.pages[0].text.replace(/\s+/g, ' ')).toContain(`Condición. ${KERNED}`);
    expect(pdf.pages[1].text).toContain('Página 2 de 2');
  });
});
