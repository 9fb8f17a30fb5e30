// What an evidence file really is, decided from its bytes: the client's Content-Type and file name are not trusted.
import { DomainException, ErrorCode } from '@vigia/common';
import { fileTypeFromFile } from 'file-type';
import { createReadStream } from 'node:fs';

/**
 * Types with a magic number that we accept. Generic ZIP is not among them: a ZIP is a container whose members we
 * do not check (executables, HTML, nested archives, decompression bombs), so accepting one would let anything in
 * under an innocent type. Office Open XML and OpenDocument files are ZIPs too, but file-type recognises them by
 * their structure ([Content_Types].xml, the `mimetype` member) and we accept them as what they are.
 */
export const DETECTED_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/** Files without a magic number are accepted as text when they are valid UTF-8 without NUL bytes. */
export const TEXT_TYPES = ['text/plain', 'text/csv'] as const;

export const ACCEPTED_TYPES: readonly string[] = [...DETECTED_TYPES, ...TEXT_TYPES];

/**
 * Leading bytes that make a browser sniff a document as HTML or XML (the WHATWG MIME Sniffing "HTML" and "XML"
 * patterns). We serve with nosniff and as an attachment anyway; refusing them keeps stored "text" from ever being
 * markup that some viewer would render.
 */
const MARKUP_START =
  /^[\t\n\f\r ]*(<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--|<\?xml|<svg)([\t\n\f\r >]|$)/i;
const MARKUP_PROBE_CHARS = 512;

function unsupported(what: string): DomainException {
  return new DomainException(
    ErrorCode.UnsupportedMediaType,
    `${what} is not an accepted evidence type. Accepted: PDF, PNG, JPEG, GIF, WebP, Word/Excel/PowerPoint (docx, xlsx, pptx), OpenDocument text and spreadsheet (odt, ods), plain text and CSV (UTF-8).`,
  );
}

interface TextScan {
  utf8: boolean;
  nul: boolean;
  head: string;
}

/** Reads the whole file once: strict UTF-8 decoding across chunk boundaries, and any NUL byte. */
async function scanText(path: string): Promise<TextScan> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Decoding errors are told apart by code: in some runtimes (jest's vm) they are not this realm's TypeError.
  const decode = (chunk?: Buffer): string | null => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return null;
      throw err;
    }
  };
  let head = '';
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (chunk.includes(0)) return { utf8: true, nul: true, head };
    const text = decode(chunk);
    if (text === null) return { utf8: false, nul: false, head };
    if (head.length < MARKUP_PROBE_CHARS) head += text.slice(0, MARKUP_PROBE_CHARS - head.length);
  }
  return { utf8: decode() !== null, nul: false, head };
}

/**
 * The content type of the file at `path`, detected from its content; `filename` (already cleaned) only tells CSV
 * from plain text, which no content check can. Throws 415 for anything not accepted.
 */
export async function detectContentType(path: string, filename: string): Promise<string> {
  const detected = await fileTypeFromFile(path);
  if (detected) {
    if (DETECTED_TYPES.has(detected.mime)) return detected.mime;
    throw unsupported(`The file's content (${detected.mime}, .${detected.ext})`);
  }
  const text = await scanText(path);
  if (!text.utf8 || text.nul) throw unsupported('A binary file of unknown type');
  if (MARKUP_START.test(text.head.replace(/^\uFEFF/, ''))) throw unsupported('HTML or XML markup');
  return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
}
