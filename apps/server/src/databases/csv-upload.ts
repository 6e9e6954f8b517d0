import { readFile } from 'node:fs/promises';
import { DatabaseLimits } from '@tandem/database';
import { CSV_PLAN_FIELD, UPLOAD_FIELD } from '@tandem/protocol';
import { ApiError } from '../common/api-error.js';
import { receiveUpload } from '../files/upload-receiver.js';

export interface CsvUpload {
  text: string;
  // The `plan` part as sent (JSON text), when there was one.
  plan: string | null;
}

// Room for the plan part: 200 columns with long names, as JSON.
const PLAN_BYTES = 256 * 1024;

// A CSV upload (multipart: the file in `file`, the import plan in `plan`) as text: received like
// any upload (at most DatabaseLimits.csvBytes, 413 the moment it passes), then read whole, since
// the core parses it whole anyway.
export async function receiveCsv(req: Parameters<typeof receiveUpload>[0]): Promise<CsvUpload> {
  const received = await receiveUpload(req, DatabaseLimits.csvBytes, { fields: { [CSV_PLAN_FIELD]: PLAN_BYTES }, what: 'A CSV file' });
  let bytes: Buffer;
  try {
    bytes = await readFile(received.path);
  } finally {
    await received.discard();
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), plan: received.fields[CSV_PLAN_FIELD] ?? null };
  } catch {
    throw ApiError.validation({ [UPLOAD_FIELD]: 'is not UTF-8 text; save the CSV as UTF-8 and try again' });
  }
}
