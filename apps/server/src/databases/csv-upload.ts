import { readFile } from 'node:fs/promises';
import { DatabaseLimits } from '@tandem/database';
import { parseCsv, type CsvTable } from '@tandem/database/csv';
import { CSV_PLAN_FIELD, UPLOAD_FIELD } from '@tandem/protocol';
import type { z } from 'zod';
import { ApiError } from '../common/api-error.js';
import { receiveUpload } from '../files/upload-receiver.js';

// Receiving a CSV for an import or a merge (issue 17): the file, parsed whole, and the plan part.
// Both pairs of endpoints (a new database, a merge into one) read their uploads through here, so they
// share the limits, the UTF-8 rule and the errors.

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

// A file that does not parse is a 400 on `file` naming its first bad line; nothing is stored.
export function parsedCsv(text: string): CsvTable {
  const result = parseCsv(text);
  if (!result.ok) {
    if (result.error.code === 'too_large') throw ApiError.payloadTooLarge(`The CSV is too large: ${result.error.message}.`);
    throw ApiError.validation({ [UPLOAD_FIELD]: result.error.message });
  }
  return result.table;
}

// The `plan` part, checked with its schema: the first issue is a 400 on its path under `plan`.
export function parsedPlan<T extends z.ZodType>(text: string | null, schema: T): z.output<T> {
  if (text === null) throw ApiError.validation({ [CSV_PLAN_FIELD]: 'is required: send the import plan as JSON in a multipart field of that name' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw ApiError.validation({ [CSV_PLAN_FIELD]: 'is not valid JSON' });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw ApiError.validation({ [[CSV_PLAN_FIELD, ...issue.path].join('.')]: issue.message });
  }
  return result.data;
}
