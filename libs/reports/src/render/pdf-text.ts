// Text made safe for the PDF's standard fonts, which encode WinAnsi (Latin-1 plus typographic marks) only.

/** Characters above Latin-1 that WinAnsi still has (Œ, Š, Ÿ, ƒ, dashes, curly quotes, €, ‰, ‹›, ™...). */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c,
  0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

/** What to write instead of characters WinAnsi lacks but readers expect to see as something. */
const SUBSTITUTES: Readonly<Record<number, string>> = {
  // French writes "62,5 %" with a narrow no-break space; the no-break space is the nearest WinAnsi has.
  0x202f: '\u00a0',
  0x2007: '\u00a0',
  0x2011: '-',
  0x2010: '-',
  0x2212: '-',
  0x2032: "'",
  0x2033: '"',
  0x2264: '<=',
  0x2265: '>=',
  0x2192: '->',
};

/**
 * The text as the standard fonts can show it: NFC (a decomposed "í" becomes one character), other spaces made plain
 * spaces, invisible and control characters dropped, and anything else outside WinAnsi shown as "?" rather than
 * written as a code the font cannot draw (pdfkit would emit an unreadable string for it).
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x0a) out += '\n';
    else if (code === 0x09) out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(code)) out += char;
    else if (code in SUBSTITUTES) out += SUBSTITUTES[code];
    else if ((code >= 0x2000 && code <= 0x200a) || code === 0x205f || code === 0x3000) out += ' ';
    else if ((code >= 0x200b && code <= 0x200f) || code === 0xfeff || (code >= 0x2060 && code <= 0x2064)) continue;
    else out += '?';
  }
  return out;
}
