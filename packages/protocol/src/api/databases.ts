import { DatabaseLimits, filterSchema, idSchema, IMPORT_TYPES, isValidTimeZone, NEW_COLUMN_TYPES, rowValuesSchema, sortsSchema, type DatabaseSchema, type ImportType, type MergeColumn, type View } from '@tandem/database';
import { z } from 'zod';
import { Id, type Timestamp } from './common.js';
import type { PageView } from './pages.js';
import { defineRoute } from './route.js';

// Databases (issue 17). A database is a page of kind 'database' whose Yjs document holds the
// database (@tandem/database/ydoc); each row is also a page of kind 'row' under it, whose id is the
// row id. Reads come from the worker's projection of the document (one persist behind the live
// document); writes are server-side edits of the document, seen live by every open client.

// POST /databases/:databaseId/rows/:rowId/page → 200 PageView: the row's page, made now if the
// worker has not made it yet (so opening a just-added row never waits). Editor of the database;
// idempotent. 404 when the row is not in the database's current document; 409 when the row id is
// already the id of a page that is not a row of this database (the row gets no page).

// One row as the REST API shows it: stored values by property id, and the formulas and rollups as
// the worker computed them when it projected the row (`now` = that moment, the server's zone).
export interface DatabaseRowView {
  id: string;
  // Fractional-index key of the manual order (compare with `<`, never localeCompare).
  position: string;
  title: string;
  values: Record<string, unknown>;
  computed: Record<string, unknown>;
  createdTime: Timestamp;
  createdBy: string | null;
  lastEditedTime: Timestamp;
  lastEditedBy: string | null;
}

// GET /databases/:id → the schema and views as in the database's current document (viewer).
// With `firstRows`, also the first view's first rows by its filter and sorts, as `query` answers
// them: what a page shows before the whole document is in, in one request instead of two.
export interface DatabaseResponse {
  id: string;
  schema: DatabaseSchema;
  views: View[];
  // Only when asked for, and only when the database has a view.
  firstRows?: DatabaseRowView[];
}

// POST /databases/:id/query → rows matching `filter`, ordered by `sorts` (none: the manual order),
// with the semantics of the web's views (@tandem/database queryView: text ignores case, empty cells
// sort last, dates compare by day in `timeZone`, "@me" is the caller). `search` matches any
// property's shown text. Up to `limit` rows (≤ 100) and `nextCursor` for the next page (null: the
// last). A filter that does not fit the schema (unknown operator for the type, missing option) is a
// 400 on body.filter.
// The viewer's zone, for what depends on the day (filters, exports, dates merged from CSV).
const TimeZone = z.string({ error: 'must be an IANA time zone' }).max(64).refine(isValidTimeZone, { error: 'must be an IANA time zone like Europe/Paris' });

export const DATABASE_QUERY_MAX = 100;
export const DatabaseGetQuery = z.strictObject({
  firstRows: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be 1–100' }).max(DATABASE_QUERY_MAX, { error: 'must be 1–100' }).optional(),
  timeZone: TimeZone.optional(),
});
export type DatabaseGetQuery = z.input<typeof DatabaseGetQuery>;
export const DatabaseQueryBody = z.strictObject({
  filter: filterSchema.nullable().optional(),
  sorts: sortsSchema.optional(),
  search: z.string({ error: 'must be a string' }).max(DatabaseLimits.filterTextLength, { error: `must be at most ${DatabaseLimits.filterTextLength} characters` }).optional(),
  limit: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be 1–100' }).max(DATABASE_QUERY_MAX, { error: 'must be 1–100' }).optional(),
  // It carries the last row's order key, which grows with many inserts between the same two rows.
  cursor: z.string({ error: 'must be the nextCursor of the previous page' }).max(4_000, { error: 'must be the nextCursor of the previous page' }).optional(),
  timeZone: TimeZone.optional(),
});
export type DatabaseQueryBody = z.input<typeof DatabaseQueryBody>;

export interface DatabaseQueryResponse {
  rows: DatabaseRowView[];
  nextCursor: string | null;
}

// POST /databases/:id/rows → 201 DatabaseRowView (editor): a row added at the end (or after
// `after`), with `id` when the caller minted it (crypto.randomUUID()) or one made by the server.
// Values are checked against the schema (checkCellValue); a bad one is a 400 and nothing changes.
export const CreateDatabaseRowBody = z.strictObject({
  id: Id.optional(),
  values: rowValuesSchema.optional(),
  after: Id.nullable().optional(),
});
export type CreateDatabaseRowBody = z.input<typeof CreateDatabaseRowBody>;

// PATCH /databases/:id/rows/:rowId → 200 DatabaseRowView (editor): sets the given cells (null
// clears one). DELETE /databases/:id/rows/:rowId → 204 (editor): removes the row; the worker then
// trashes its page. Two-way relations (create and update): the target rows linked or unlinked get
// their mirror cell rewritten, as the web does; that needs edit access on the target database (else
// 403 and nothing changes on either side), and a target whose mirror property was deleted is left
// alone (one-way). A delete leaves mirrors naming the row as they are, as the web's delete does.
export const UpdateDatabaseRowBody = z.strictObject({ values: rowValuesSchema.refine((v) => Object.keys(v).length > 0, { error: 'give at least one property' }) });
export type UpdateDatabaseRowBody = z.input<typeof UpdateDatabaseRowBody>;

// GET /databases/:id/covers → the card covers of a gallery (viewer): each row whose page body has
// an image, with its first one (an uploaded image's /api/files/:id/content path, or an image URL),
// as the worker saw it at the row page's last persist. Rows without an image, or whose page was
// never opened (no body yet), are absent.
export interface DatabaseCover {
  rowId: string;
  url: string;
}
export interface DatabaseCoversResponse {
  covers: DatabaseCover[];
}

export const DatabaseRoutes = {
  get: defineRoute<DatabaseResponse>()({ method: 'GET', path: '/databases/:databaseId', query: DatabaseGetQuery }),
  covers: defineRoute<DatabaseCoversResponse>()({ method: 'GET', path: '/databases/:databaseId/covers' }),
  query: defineRoute<DatabaseQueryResponse>()({ method: 'POST', path: '/databases/:databaseId/query', body: DatabaseQueryBody }),
  createRow: defineRoute<DatabaseRowView>()({ method: 'POST', path: '/databases/:databaseId/rows', body: CreateDatabaseRowBody }),
  updateRow: defineRoute<DatabaseRowView>()({ method: 'PATCH', path: '/databases/:databaseId/rows/:rowId', body: UpdateDatabaseRowBody }),
  deleteRow: defineRoute<void>()({ method: 'DELETE', path: '/databases/:databaseId/rows/:rowId' }),
  rowPage: defineRoute<PageView>()({ method: 'POST', path: '/databases/:databaseId/rows/:rowId/page' }),
} as const;

// CSV import (issue 17). Both import routes take multipart/form-data: the CSV in the `file` part
// (at most DatabaseLimits.csvBytes, UTF-8) and, for the import, the edited plan as JSON in the
// `plan` part. Where the new database goes is the query: the workspace, and a parent page (editor
// on it; at the root, owner, admin or member), as for any new page. A file that does not parse is a
// 400 naming the first bad line (`file` field); nothing is stored.
export const CSV_PLAN_FIELD = 'plan';
export const CsvImportQuery = z.strictObject({ workspaceId: Id, parentId: Id.optional() });
export type CsvImportQuery = z.input<typeof CsvImportQuery>;


// POST /databases/import/preview → 200: what the import would make, as the server guesses it.
export interface CsvPreviewColumn {
  name: string;
  type: ImportType;
  includeTime?: boolean;
}
export interface CsvPreview {
  // One per column of the file, in file order; the first is the title.
  columns: CsvPreviewColumn[];
  rowCount: number;
  // The first rows as read (cells as text), for the dialog to show under the plan.
  sample: string[][];
}
export const CSV_PREVIEW_SAMPLE_ROWS = 5;

// The `plan` part of POST /databases/import: one entry per column of the file, in file order.
// Exactly one kept column is the title; names of kept columns are unique (ignoring case).
export const CsvImportPlan = z
  .strictObject({
    title: z.string({ error: 'must be a string' }).trim().max(DatabaseLimits.nameLength, { error: `must be at most ${DatabaseLimits.nameLength} characters` }),
    columns: z
      .array(
        z.strictObject({
          name: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(DatabaseLimits.nameLength, { error: `must be at most ${DatabaseLimits.nameLength} characters` }),
          type: z.enum(IMPORT_TYPES, { error: `must be one of ${IMPORT_TYPES.join(', ')}` }),
          includeTime: z.boolean({ error: 'must be true or false' }).optional(),
          skip: z.boolean({ error: 'must be true or false' }).optional(),
        }),
        { error: 'must be a list of columns' },
      )
      .min(1, { error: 'must have at least one column' })
      .max(DatabaseLimits.csvColumns, { error: `must have at most ${DatabaseLimits.csvColumns} columns` }),
  })
  .superRefine((plan, ctx) => {
    const kept = plan.columns.filter((c) => !c.skip);
    if (kept.filter((c) => c.type === 'title').length !== 1) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'exactly one imported column must be the title' });
    const seen = new Set<string>();
    kept.forEach((c) => {
      const key = c.name.toLocaleLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['columns'], message: `two columns are named "${c.name}"` });
      seen.add(key);
    });
  });
export type CsvImportPlan = z.input<typeof CsvImportPlan>;

// A cell that did not fit its column's type, by line of the file (the header is line 1).
export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

// POST /databases/import → 201: the new database page. Cells that did not fit their column's type
// were left empty and are listed (at most 100), by line of the file.
export interface CsvImportResult {
  page: PageView;
  rowCount: number;
  problems: CsvProblem[];
}

// Merge with CSV (issue 17): the file's rows appended to the existing database :databaseId (editor
// of it), multipart as the import (`file`; for the merge also `plan`). `timeZone` (default UTC) is
// the day a date-time lands on when it goes into a date property without times. The rows are one
// server-side edit of the database's document (seen live by everyone who has it open), checked
// against the database's size limit (413) and the row limit (413); a file that does not parse is a
// 400 naming its first bad line. Nothing is changed on any error.
export const CsvMergeQuery = z.strictObject({
  timeZone: TimeZone.optional(),
});
export type CsvMergeQuery = z.input<typeof CsvMergeQuery>;

// POST /databases/:databaseId/merge/preview → 200: for each column of the file, the property of the
// same name (ignoring case) and what the merge would do with it: into that property (when CSV text
// can fill it: not a person, relation or computed property), else skipped; into a new property of
// the guessed type when no property has its name. `lost` counts the column's cells that would not
// convert, over the whole file; `problems` lists the first of them. Nothing is stored.
export interface CsvMergePreviewColumn {
  name: string;
  matchedPropertyId: string | null;
  column: MergeColumn;
  lost: number;
}
export interface CsvMergePreview {
  columns: CsvMergePreviewColumn[];
  rowCount: number;
  sample: string[][];
  problems: CsvProblem[];
}

// The `plan` part of POST /databases/:databaseId/merge: one entry per column of the file, in file
// order. A property takes at most one column; new properties' names are new to the database.
const mergeName = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(DatabaseLimits.nameLength, { error: `must be at most ${DatabaseLimits.nameLength} characters` });
export const CsvMergeColumn = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('property'), propertyId: idSchema }),
    z.strictObject({
      action: z.literal('new'),
      name: mergeName,
      type: z.enum(NEW_COLUMN_TYPES, { error: `must be one of ${NEW_COLUMN_TYPES.join(', ')}` }),
      includeTime: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    z.strictObject({ action: z.literal('skip') }),
  ],
  { error: 'must be { action: "property", propertyId }, { action: "new", name, type } or { action: "skip" }' },
);
export const CsvMergePlan = z.strictObject({
  columns: z
    .array(CsvMergeColumn, { error: 'must be a list of columns' })
    .min(1, { error: 'must have at least one column' })
    .max(DatabaseLimits.csvColumns, { error: `must have at most ${DatabaseLimits.csvColumns} columns` }),
});
export type CsvMergePlan = z.input<typeof CsvMergePlan>;

// POST /databases/:databaseId/merge → 201: how many rows were appended and properties added; cells
// that did not convert were stored empty (or cut) and are listed (at most 100) by line.
export interface CsvMergeResult {
  rowCount: number;
  addedProperties: number;
  problems: CsvProblem[];
}

// GET /databases/:databaseId/views/:viewId/export.csv?timeZone= → text/csv attachment (viewer):
// the view's visible columns and its filtered, sorted rows as people see them in `timeZone`
// (default UTC), with a byte order mark; cells a spreadsheet would run as formulas are defused.
export const CsvExportQuery = z.strictObject({
  timeZone: TimeZone.optional(),
});
export type CsvExportQuery = z.input<typeof CsvExportQuery>;

export const DatabaseCsvRoutes = {
  preview: defineRoute<CsvPreview>()({ method: 'POST', path: '/databases/import/preview', query: CsvImportQuery }),
  import: defineRoute<CsvImportResult>()({ method: 'POST', path: '/databases/import', query: CsvImportQuery }),
  mergePreview: defineRoute<CsvMergePreview>()({ method: 'POST', path: '/databases/:databaseId/merge/preview', query: CsvMergeQuery }),
  merge: defineRoute<CsvMergeResult>()({ method: 'POST', path: '/databases/:databaseId/merge', query: CsvMergeQuery }),
  export: defineRoute<string>()({ method: 'GET', path: '/databases/:databaseId/views/:viewId/export.csv', query: CsvExportQuery, response: 'csv' }),
} as const;
