// Reading a CSV file for import. Strict RFC 4180 (csv-parse): a quote that never closes, a stray
// quote, or a row with a different number of cells stops the import at the line where that record
// starts, with a message a person can act on; nothing is half-imported. Node only (csv-parse's Node
// build is ~4x faster than its browser bundle on a 10 MB file), so it is exported from
// `@tandem/database/csv` and never reaches the web bundle: the server parses and infers, the
// import dialog edits the plan.
import { parse } from 'csv-parse/sync';
import { DatabaseLimits } from '../limits.js';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

export interface CsvError {
  // 1-based line of the file where the bad record starts.
  line: number;
  code: 'too_large' | 'empty' | 'too_many_columns' | 'too_many_rows' | 'unclosed_quote' | 'bad_quote' | 'column_count' | 'invalid';
  message: string;
}

export type CsvParseResult = { ok: true; table: CsvTable } | { ok: false; error: CsvError };

export function parseCsv(text: string): CsvParseResult {
  // Length in UTF-16 units bounds the UTF-8 size from below; count bytes only when it could matter.
  if (text.length > DatabaseLimits.csvBytes || (text.length * 3 > DatabaseLimits.csvBytes && new TextEncoder().encode(text).length > DatabaseLimits.csvBytes)) {
    return fail(0, 'too_large', `the file is larger than ${DatabaseLimits.csvBytes / 1024 / 1024} MB`);
  }
  // Lines of the last good record: a bad record starts on the next line (csv-parse reports where it
  // gave up, which for an unclosed quote is the end of the file).
  let lastLine = 0;
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: false,
      on_record: (record: string[], context: { lines: number; records: number }) => {
        if (context.records > DatabaseLimits.csvRows + 1) throw Object.assign(new Error('rows'), { code: 'TANDEM_TOO_MANY_ROWS', lines: context.lines });
        if (record.length > DatabaseLimits.csvColumns) throw Object.assign(new Error('columns'), { code: 'TANDEM_TOO_MANY_COLUMNS', lines: context.lines });
        lastLine = context.lines;
        return record;
      },
    }) as string[][];
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    switch (err.code) {
      case 'TANDEM_TOO_MANY_ROWS':
        return fail(err.lines ?? 0, 'too_many_rows', `more than ${DatabaseLimits.csvRows} rows`);
      case 'TANDEM_TOO_MANY_COLUMNS':
        return fail(err.lines ?? 0, 'too_many_columns', `more than ${DatabaseLimits.csvColumns} columns`);
      case 'CSV_QUOTE_NOT_CLOSED':
        return fail(lastLine + 1, 'unclosed_quote', `line ${lastLine + 1}: a quoted cell is never closed (a " is missing)`);
      case 'CSV_INVALID_CLOSING_QUOTE':
      case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
        return fail(lastLine + 1, 'bad_quote', `line ${lastLine + 1}: text follows a closing quote; a quote inside a quoted cell is written ""`);
      // A quote inside a cell that does not start with one (csv-parse names this code without its
      // usual CSV_ prefix, so the catch-all below missed it and the import failed as a server error).
      case 'INVALID_OPENING_QUOTE':
        return fail(lastLine + 1, 'bad_quote', `line ${lastLine + 1}: a quote inside a cell that is not quoted; quote the whole cell and write a quote inside it as ""`);
      case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH': {
        const detail = /expect (\d+), got (\d+)/.exec(err.message ?? '');
        return fail(lastLine + 1, 'column_count', `line ${lastLine + 1}: ${detail ? `${detail[2]} cells where the header has ${detail[1]}` : 'a different number of cells than the header'}`);
      }
      default:
        if (typeof err.code === 'string' && /^(CSV_|INVALID_)/.test(err.code)) return fail(lastLine + 1, 'invalid', `line ${lastLine + 1}: ${err.message ?? 'invalid CSV'}`);
        throw e;
    }
  }
  const [head, ...rows] = records;
  if (!head) return fail(1, 'empty', 'the file has no header row');
  return { ok: true, table: { header: headerNames(head), rows } };
}

function fail(line: number, code: CsvError['code'], message: string): CsvParseResult {
  return { ok: false, error: { line, code, message } };
}

// Column names become property names, which must be unique and non-empty.
function headerNames(head: string[]): string[] {
  const seen = new Set<string>();
  return head.map((raw, i) => {
    const base = raw.trim().slice(0, DatabaseLimits.nameLength - 4) || `Column ${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLocaleLowerCase()); n += 1) name = `${base} (${n})`;
    seen.add(name.toLocaleLowerCase());
    return name;
  });
}
