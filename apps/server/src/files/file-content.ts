import { open } from 'node:fs/promises';
import { FileLimits, type FileDisposition } from '@tandem/protocol';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';

// What an uploaded file is, decided from its bytes alone: the client's Content-Type and the file
// name's extension are never trusted (issue 16). Pure apart from reading the temporary file.

// Raster images a browser shows inline. Everything else, SVG and HTML included (their scripts
// would run on our origin), is served as an attachment.
const INLINE_IMAGES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

// file-type reads at most this much of a file's start.
const SNIFF_BYTES = 4100;

export interface ContentFacts {
  mime: string;
  disposition: FileDisposition;
  width: number | null;
  height: number | null;
}

export class ContentRefused extends Error {}

export async function inspectContent(path: string, size: number): Promise<ContentFacts> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    const sniffed = await fileTypeFromBuffer(head);
    const mime = sniffed?.mime ?? (looksLikeText(head) ? 'text/plain' : 'application/octet-stream');
    if (!INLINE_IMAGES.has(mime)) return { mime, disposition: 'attachment', width: null, height: null };
    // Images are dimension-checked before anyone's browser decodes them: a tiny file can declare
    // a huge canvas (a decompression bomb), and a file that only starts like an image is refused.
    // The whole file is read (JPEG's size marker may follow megabytes of metadata); it is at most
    // STORAGE_MAX_FILE_BYTES.
    const bytes = Buffer.alloc(size);
    await handle.read(bytes, 0, size, 0);
    let dims: { width: number; height: number };
    try {
      dims = imageSize(bytes);
    } catch {
      throw new ContentRefused('The file starts like an image but its size cannot be read; it may be damaged.');
    }
    if (!(dims.width > 0 && dims.height > 0)) throw new ContentRefused('The image has no width or height.');
    if (dims.width > FileLimits.imageMaxPixels || dims.height > FileLimits.imageMaxPixels) {
      throw new ContentRefused(`Images may be at most ${FileLimits.imageMaxPixels} pixels wide and tall; this one is ${dims.width}×${dims.height}.`);
    }
    return { mime, disposition: 'inline', width: dims.width, height: dims.height };
  } finally {
    await handle.close();
  }
}

// UTF-8 text without NUL bytes (a truncated last character is allowed: the head is a prefix).
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

// A name safe to store, show and offer in Content-Disposition: no path, no control or
// filesystem-hostile characters, no leading dots, at most FileLimits.nameMax characters with the
// extension kept. Falls back to "file".
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if ([...name].length > FileLimits.nameMax) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = [...name.slice(0, name.length - ext.length)].slice(0, FileLimits.nameMax - ext.length).join('').trimEnd() + ext;
  }
  return name || 'file';
}

// Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987).
export function contentDisposition(disposition: FileDisposition, name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
