// File names: kept as the uploader wrote them, minus paths and control characters, and safe in a header.
import { attachmentDisposition, cleanFilename, DEFAULT_FILENAME, MAX_FILENAME_LENGTH } from './filename';

describe('cleanFilename', () => {
  it('keeps Unicode names as they are, NFC-normalised', () => {
    expect(cleanFilename('Informe de auditoría – ISSSTESON (versión 2).pdf')).toBe(
      'Informe de auditoría – ISSSTESON (versión 2).pdf',
    );
    expect(cleanFilename('auditori\u0301a.pdf')).toBe('auditoría.pdf');
    expect(cleanFilename('報告書.docx')).toBe('報告書.docx');
  });

  it('keeps only the last segment of a Windows or POSIX path', () => {
    expect(cleanFilename('C:\\Users\\ana\\Desktop\\acta.pdf')).toBe('acta.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
  });

  it('removes control characters and the bidirectional overrides that disguise extensions', () => {
    expect(cleanFilename('acta\r\n\u0000\u0007final\u007f.pdf')).toBe('actafinal.pdf');
    expect(cleanFilename('factura\u202Efdp.exe')).toBe('facturafdp.exe');
  });

  it('falls back to a default when nothing usable is left', () => {
    for (const raw of [undefined, '', '   ', '/', '..', 'C:\\', '\u0000\u0001']) {
      expect(cleanFilename(raw)).toBe(DEFAULT_FILENAME);
    }
  });

  it('cuts long names to 255 code points, keeping the extension and never splitting a character', () => {
    const long = `${'á'.repeat(300)}.xlsx`;
    const cleaned = cleanFilename(long);
    expect(Array.from(cleaned)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(cleaned.endsWith('á.xlsx')).toBe(true);
    const astral = cleanFilename('😀'.repeat(300));
    expect(Array.from(astral)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(astral).toBe('😀'.repeat(MAX_FILENAME_LENGTH));
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name, percent-encoded', () => {
    expect(attachmentDisposition('Informe año 2017 (final).pdf')).toBe(
      `attachment; filename="Informe a_o 2017 (final).pdf"; filename*=UTF-8''Informe%20a%C3%B1o%202017%20%28final%29.pdf`,
    );
  });

  it('lets nothing in the name end the header or add a parameter', () => {
    const header = attachmentDisposition('a"; filename=evil.html;\\%0d%0a.pdf');
    expect(header).toBe(
      `attachment; filename="a_; filename=evil.html;__0d_0a.pdf"; filename*=UTF-8''a%22%3B%20filename%3Devil.html%3B%5C%250d%250a.pdf`,
    );
    // Round trip: a client decoding filename* gets the name back exactly.
    const encoded = header.split("UTF-8''")[1];
    expect(decodeURIComponent(encoded)).toBe('a"; filename=evil.html;\\%0d%0a.pdf');
  });
});
