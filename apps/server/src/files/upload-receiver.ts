import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UPLOAD_FIELD } from '@tandem/protocol';
import busboy from 'busboy';
import { ApiError } from '../common/api-error.js';

export interface ReceivedFile {
  // A temporary file holding the bytes; the caller removes it (discard()).
  path: string;
  size: number;
  // The name the client gave (unsanitized).
  clientName: string;
  discard: () => Promise<void>;
  // The text parts asked for in `options.fields`, as sent (absent ones are left out).
  fields: Record<string, string>;
}

export interface UploadOptions {
  // Text parts to keep beside the file, each with its largest size in bytes (a longer one is a 400).
  fields?: Record<string, number>;
  // What the 413 calls the upload ("A CSV file may be at most 10 MB.").
  what?: string;
}

// Multipart slack around the file part (boundaries, part headers) allowed over the file limit.
const MULTIPART_OVERHEAD = 16 * 1024;

// Streams the one `file` part of a multipart request to a temporary file, never holding it in
// memory, and stops reading the moment it passes `maxBytes` (413). The bytes go to disk first, not
// straight to storage: the type is sniffed and images measured before anything is stored, and a
// refused upload leaves nothing in the bucket.
export async function receiveUpload(req: Readable & { headers: Record<string, string | string[] | undefined> }, maxBytes: number, options: UploadOptions = {}): Promise<ReceivedFile> {
  const wanted = options.fields ?? {};
  const fieldBytes = Object.values(wanted).reduce((sum, n) => sum + n, 0);
  const tooLarge = () => ApiError.payloadTooLarge(`${options.what ?? 'Files'} may be at most ${formatBytes(maxBytes)}.`);
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !/^multipart\/form-data/i.test(type)) {
    throw ApiError.validation({ body: `must be multipart/form-data with the file in a "${UPLOAD_FIELD}" part` });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + fieldBytes + MULTIPART_OVERHEAD) throw tooLarge();

  const path = join(tmpdir(), `tandem-upload-${randomUUID()}`);
  const discard = () => rm(path, { force: true });
  let parser: busboy.Busboy;
  try {
    // One byte over the limit is read, so that a file of exactly the limit passes.
    parser = busboy({ headers: req.headers as busboy.BusboyConfig['headers'], limits: { files: 1, fileSize: maxBytes + 1, fields: 4, parts: 5, fieldSize: Math.max(1024, ...Object.values(wanted)) } });
  } catch {
    throw ApiError.validation({ body: 'is not valid multipart/form-data (no boundary)' });
  }
  try {
    const fields: Record<string, string> = {};
    const received = await new Promise<{ size: number; clientName: string }>((resolve, reject) => {
      let file: Promise<{ size: number; clientName: string }> | null = null;
      parser.on('field', (name, value, info) => {
        const max = wanted[name];
        if (max === undefined) return;
        if (info.valueTruncated || Buffer.byteLength(value) > max) {
          req.unpipe(parser);
          req.resume();
          reject(ApiError.validation({ [name]: `must be at most ${formatBytes(max)}` }));
          return;
        }
        fields[name] = value;
      });
      parser.on('file', (field, stream, info) => {
        if (field !== UPLOAD_FIELD || file) {
          stream.resume();
          return;
        }
        let size = 0;
        let truncated = false;
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('limit', () => {
          truncated = true;
          // Stop reading the rest of the request: it would only be thrown away.
          req.unpipe(parser);
          req.resume();
          reject(tooLarge());
        });
        file = pipeline(stream, createWriteStream(path)).then(() => {
          if (truncated || size > maxBytes) throw tooLarge();
          return { size, clientName: info.filename ?? '' };
        });
        file.catch(reject);
      });
      parser.on('error', () => reject(ApiError.validation({ body: 'is not valid multipart/form-data' })));
      parser.on('close', () => {
        if (!file) reject(ApiError.validation({ [UPLOAD_FIELD]: 'is required: send the file in a multipart part of that name' }));
        else file.then(resolve, reject);
      });
      req.on('aborted', () => reject(ApiError.validation({ body: 'the upload was interrupted' })));
      req.pipe(parser);
    });
    if (received.size === 0) throw ApiError.validation({ [UPLOAD_FIELD]: 'is empty' });
    return { path, size: received.size, clientName: received.clientName, discard, fields };
  } catch (err) {
    await discard();
    throw err;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
