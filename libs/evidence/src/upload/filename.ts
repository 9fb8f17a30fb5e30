// Evidence file names: cleaned once on the way in, encoded safely on the way out.

export const MAX_FILENAME_LENGTH = 255;
/** Used when nothing of the client's name survives cleaning. */
export const DEFAULT_FILENAME = 'evidence';
/** Longer "extensions" are just part of the name and are not preserved when truncating. */
const MAX_EXTENSION_LENGTH = 16;

/**
 * Control characters (C0, DEL, C1), and the bidirectional controls that can make `invoice\u202Efdp.exe` display as
 * `invoiceexe.pdf`. Everything else, accents and scripts included, is kept.
 */
const UNSAFE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The name to keep: the last path segment (a browser may send `C:\Users\...\informe.pdf`), without control
 * characters, NFC-normalised, trimmed, at most 255 characters (PostgreSQL counts code points, so do we), keeping
 * the extension when it has to cut.
 */
export function cleanFilename(raw: string | undefined | null): string {
  const segments = (raw ?? '').split(/[/\\]/);
  const name = (segments[segments.length - 1] ?? '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(UNSAFE, '')
    .trim();
  if (name === '' || /^\.+$/.test(name)) return DEFAULT_FILENAME;
  const chars = Array.from(name);
  if (chars.length <= MAX_FILENAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > MAX_EXTENSION_LENGTH) {
    return chars.slice(0, MAX_FILENAME_LENGTH).join('').trimEnd();
  }
  const stem = chars.slice(0, chars.length - extension.length);
  return (
    stem
      .slice(0, MAX_FILENAME_LENGTH - extension.length)
      .join('')
      .trimEnd() + extension.join('')
  );
}

/** RFC 5987 attr-chars are letters, digits and `!#$&+-.^_\`|~`; encodeURIComponent leaves `'()*` as they are. */
const encodeRfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with an ASCII fallback for old clients and the exact UTF-8 name in `filename*` (RFC 6266). Nothing
 * from the name can end the header or add a parameter: the fallback keeps printable ASCII without quotes,
 * backslashes or percent signs, and the rest is percent-encoded.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  const encoded = encodeRfc5987(filename.replace(LONE_SURROGATE, '\uFFFD'));
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
