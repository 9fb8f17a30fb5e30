// Content detection: accepted types are named by their bytes, whatever the client calls them; the rest is 415.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as files from '../../../../test/fixtures/evidence/files';
import { detectContentType } from './content-type';

describe('detectContentType', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-content-type-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const detect = (bytes: Buffer, filename = 'upload.bin'): Promise<string> => {
    const path = join(dir, `f${++n}`);
    writeFileSync(path, bytes);
    return detectContentType(path, filename);
  };
  const refused = async (bytes: Buffer, filename = 'upload.pdf'): Promise<{ code: string; message: string }> => {
    try {
      await detect(bytes, filename);
    } catch (err) {
      return err as { code: string; message: string };
    }
    throw new Error('expected a refusal');
  };

  it.each([
    ['a PDF', files.pdf(), 'application/pdf'],
    ['a PNG', files.png(), 'image/png'],
    ['a JPEG', files.jpeg(), 'image/jpeg'],
    ['a GIF', files.gif(), 'image/gif'],
    ['a WebP', files.webp(), 'image/webp'],
    ['a docx', files.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an xlsx', files.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a pptx', files.pptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['an odt', files.odf('text'), 'application/vnd.oasis.opendocument.text'],
    ['an ods', files.odf('spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet'],
  ])('names %s by its content, whatever its file name says', async (_what, bytes, type) => {
    expect(await detect(bytes, 'misleading-name.txt')).toBe(type);
  });

  it('takes UTF-8 text without a magic number as text/plain, and as text/csv when the name ends in .csv', async () => {
    expect(await detect(files.csv(), 'camas.txt')).toBe('text/plain');
    expect(await detect(files.csv(), 'camas.CSV')).toBe('text/csv');
    expect(await detect(Buffer.from('\uFEFFcon BOM, ñandú\n'), 'bom.csv')).toBe('text/csv');
  });

  it('finds invalid UTF-8 and NUL bytes anywhere in the file, not just at the start', async () => {
    const text = Buffer.from('a,b\n'.repeat(50_000));
    expect((await refused(Buffer.concat([text, Buffer.from([0xc3])]), 'x.csv')).code).toBe('unsupported_media_type');
    expect((await refused(Buffer.concat([text, Buffer.from([0])]), 'x.csv')).code).toBe('unsupported_media_type');
    // A multi-byte character split across read chunks is still valid.
    const split = Buffer.concat([Buffer.alloc(65_535, 0x61), Buffer.from('é\n')]);
    expect(await detect(split, 'split.txt')).toBe('text/plain');
  });

  it.each([
    ['a Windows executable renamed .pdf', files.exe(), 'application/x-msdownload'],
    ['an ELF executable', files.elf(), 'application/x-elf'],
    ['a plain ZIP archive', files.plainZip(), 'application/zip'],
    ['an HTML page', files.html(), 'HTML'],
    ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'), 'HTML'],
    ['an XML document', Buffer.from('<?xml version="1.0"?><a/>'), 'xml'],
    ['RTF', Buffer.from('{\\rtf1 hola}'), 'rtf'],
  ])('refuses %s with 415, naming what it is', async (_what, bytes, named) => {
    const err = await refused(bytes);
    expect(err.code).toBe('unsupported_media_type');
    expect(err.message).toContain(named);
  });

  it('accepts text that merely mentions markup after its first line', async () => {
    expect(await detect(Buffer.from('campo,valor\nnota,"<b>negrita</b>"\n'), 'x.csv')).toBe('text/csv');
  });
});
