'use client';

import { CSV_PLAN_FIELD, DatabaseCsvRoutes, DatabaseRoutes, queryString, routePath, type CsvImportPlan, type CsvImportQuery, type CsvImportResult, type CsvPreview, type PageView } from '@tandem/protocol';
import { request } from './client';
import { sendMultipart } from './files';

// Databases: their content is the page's Yjs document (components/database edits it live). The
// REST calls the web needs: the row's page, made on demand so a row added a moment ago opens at
// once instead of waiting for the worker's projection, and CSV import and export.
export function openRowPage(databaseId: string, rowId: string): Promise<PageView> {
  return request(DatabaseRoutes.rowPage, { params: { databaseId, rowId } });
}

const noProgress = () => undefined;

// What the server makes of a CSV file (columns with guessed types, row count, first rows); nothing
// is stored. A file that does not parse rejects with the server's message naming the bad line.
export function previewCsv(where: CsvImportQuery, file: File, signal: AbortSignal): Promise<CsvPreview> {
  return sendMultipart<CsvPreview>(DatabaseCsvRoutes.preview.path + queryString(where), file, 200, noProgress, signal);
}

export function importCsv(where: CsvImportQuery, file: File, plan: CsvImportPlan, signal: AbortSignal): Promise<CsvImportResult> {
  return sendMultipart<CsvImportResult>(DatabaseCsvRoutes.import.path + queryString(where), file, 201, noProgress, signal, { [CSV_PLAN_FIELD]: JSON.stringify(plan) });
}

// A download link (through the /api proxy) for a view as CSV, in this browser's time zone.
export function viewCsvUrl(databaseId: string, viewId: string): string {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `/api${routePath(DatabaseCsvRoutes.export.path, { databaseId, viewId })}${queryString({ timeZone })}`;
}
