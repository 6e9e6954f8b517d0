import { DatabaseLimits } from '@tandem/database';
import { CSV_PLAN_FIELD, UPLOAD_FIELD } from '@tandem/protocol';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { ApiError } from '../common/api-error.js';
import { formatBytes } from '../files/upload-receiver.js';

export interface CsvUpload {
  text: string;
  // The `plan` part as sent (JSON text), when there was one.
  plan: string | null;
}

// Room for the plan part: 200 columns with long names, as JSON.
const PLAN_BYTES = 256 * 1024;
const MULTIPART_OVERHEAD = 16 * 1024;

// Reads a CSV upload (multipart: the file in `file`, the import plan in `plan`) into memory: a CSV
// is at most DatabaseLimits.csvBytes, and the core parses it whole anyway. Reading stops the moment
// the file passes that limit (413), so a huge upload costs no more than the limit.
export async function receiveCsv(req: Readable & { headers: Record<string, string | string[] | undefined> }): Promise<CsvUpload> {
  const max = DatabaseLimits.csvBytes;
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !/^multipart\/form-data/i.test(type)) {
    throw ApiError.validation({ body: `must be multipart/form-data with the CSV in a "${UPLOAD_FIELD}" part` });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max + PLAN_BYTES + MULTIPART_OVERHEAD) throw tooLarge();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers as busboy.BusboyConfig['headers'], limits: { files: 1, fileSize: max + 1, fields: 2, parts: 3, fieldSize: PLAN_BYTES } });
  } catch {
    throw ApiError.validation({ body: 'is not valid multipart/form-data (no boundary)' });
  }
  const { bytes, plan } = await new Promise<{ bytes: Buffer; plan: string | null }>((resolve, reject) => {
    let file: Promise<Buffer> | null = null;
    let plan: string | null = null;
    const stop = (err: ApiError) => {
      // The rest of the request would only be thrown away.
      req.unpipe(parser);
      req.resume();
      reject(err);
    };
    parser.on('field', (name, value, info) => {
      if (name !== CSV_PLAN_FIELD) return;
      if (info.valueTruncated) stop(ApiError.validation({ [CSV_PLAN_FIELD]: `must be at most ${formatBytes(PLAN_BYTES)}` }));
      plan = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== UPLOAD_FIELD || file) {
        stream.resume();
        return;
      }
      file = new Promise<Buffer>((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => {
          fail(tooLarge());
          stop(tooLarge());
        });
        stream.on('end', () => done(Buffer.concat(chunks)));
        stream.on('error', fail);
      });
      file.catch(() => undefined);
    });
    parser.on('error', () => reject(ApiError.validation({ body: 'is not valid multipart/form-data' })));
    parser.on('close', () => {
      if (!file) reject(ApiError.validation({ [UPLOAD_FIELD]: 'is required: send the CSV in a multipart part of that name' }));
      else file.then((bytes) => resolve({ bytes, plan }), reject);
    });
    req.on('aborted', () => reject(ApiError.validation({ body: 'the upload was interrupted' })));
    req.pipe(parser);
  });
  if (bytes.length > max) throw tooLarge();
  if (bytes.length === 0) throw ApiError.validation({ [UPLOAD_FIELD]: 'is empty' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ApiError.validation({ [UPLOAD_FIELD]: 'is not UTF-8 text; save the CSV as UTF-8 and try again' });
  }
  return { text, plan };
}

function tooLarge(): ApiError {
  return ApiError.payloadTooLarge(`A CSV file may be at most ${formatBytes(DatabaseLimits.csvBytes)}.`);
}
