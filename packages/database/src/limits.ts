// Every bound of the database model in one place: the server validates against them, the web shows
// them, and the formula evaluator stops at them. Sized so a 10,000-row database with 12 properties
// stays well inside one Yjs document and one worker job.
export const DatabaseLimits = {
  idLength: 64,
  nameLength: 200,
  descriptionLength: 2_000,
  properties: 200,
  optionsPerProperty: 200,
  optionNameLength: 100,
  views: 50,
  sorts: 10,
  // A filter is a top-level AND/OR group whose items are conditions or groups of conditions:
  // nesting one level, as the issue asks, so it maps to one SQL WHERE with parenthesised terms.
  filterDepth: 2,
  filterConditions: 50,
  filterTextLength: 1_000,
  filterValues: 100,
  textValueLength: 100_000,
  urlLength: 2_048,
  emailLength: 320,
  phoneLength: 64,
  multiValues: 100,
  relationValues: 1_000,
  formulaLength: 2_000,
  formulaDepth: 32,
  formulaSteps: 10_000,
  formulaOutputLength: 10_000,
  columnWidth: { min: 40, max: 1_200 },
  csvBytes: 10 * 1024 * 1024,
  csvRows: 50_000,
  csvColumns: 200,
  // Rows live in one Yjs document every client holds whole: the issue asks 50,000 to stay usable.
  rows: 50_000,
} as const;

// Whether `adding` rows fit beside the `existing` ones: a database may be filled to exactly the
// limit, never past it. The one rule for every way rows arrive (addRows, a CSV merge's refusal).
export function rowsFit(existing: number, adding: number): boolean {
  return existing + adding <= DatabaseLimits.rows;
}
