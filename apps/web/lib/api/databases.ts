'use client';

import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Row, View } from '@tandem/database';
import {
  CSV_PLAN_FIELD,
  DatabaseCsvRoutes,
  DatabaseRoutes,
  queryString,
  routePath,
  type CsvImportPlan,
  type CsvImportQuery,
  type CsvImportResult,
  type CsvMergePlan,
  type CsvMergePreview,
  type CsvMergeResult,
  type CsvPreview,
  type DatabaseResponse,
  type PageTreeResponse,
  type PageView,
} from '@tandem/protocol';
import { request } from './client';
import { sendMultipart } from './files';
import { keys } from './keys';

// Databases: their content is the page's Yjs document (components/database edits it live). The web
// calls the REST side for a row's page, made on demand so a row added a moment ago opens at once
// instead of waiting for the worker's projection; for a gallery's card covers; for the first rows
// of the first view from the projection, painted while the document itself is on its way; and for
// CSV import and export.
export function openRowPage(databaseId: string, rowId: string): Promise<PageView> {
  return request(DatabaseRoutes.rowPage, { params: { databaseId, rowId } });
}

// Rows painted before the document is in: at most a screenful.
export const PREVIEW_ROWS = 50;

export interface DatabasePreview {
  database: DatabaseResponse;
  view: View;
  rows: Row[];
}

// The first view's first rows as the worker last projected them (filter and sort applied by the
// server in this person's zone), with the schema and views, in one request. Read-only and replaced
// by the live document as soon as it syncs. Kept 10 s: a page screen asks for it as it opens (see
// prefetchIfDatabase), before the database's own view mounts and reads it.
function databasePreviewQuery(databaseId: string) {
  return queryOptions({
    queryKey: keys.databasePreview(databaseId),
    staleTime: 10_000,
    gcTime: 10_000,
    retry: false,
    queryFn: async (): Promise<DatabasePreview | null> => {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const { firstRows, ...database } = await request(DatabaseRoutes.get, { params: { databaseId }, query: { firstRows: PREVIEW_ROWS, timeZone } });
      const view = database.views[0];
      if (!view || !firstRows) return null;
      return {
        database,
        view,
        rows: firstRows.map((r) => ({ id: r.id, values: r.values, createdTime: r.createdTime, createdBy: r.createdBy ?? '', lastEditedTime: r.lastEditedTime, lastEditedBy: r.lastEditedBy ?? '' })),
      };
    },
  });
}

export function useDatabasePreview(databaseId: string, enabled: boolean) {
  return useQuery({ ...databasePreviewQuery(databaseId), enabled });
}

// Started as soon as a page is known to be a database (its sidebar entry says so: on the click that
// opens it, or as its screen mounts), not after the page's own request: the preview's rows then
// paint before the document's megabytes are in, and before their apply holds the main thread.
// Asked twice within 10 s, it is fetched once.
export function prefetchIfDatabase(qc: QueryClient, workspaceId: string, pageId: string): void {
  const entry = qc.getQueryData<PageTreeResponse>(keys.tree(workspaceId))?.pages.find((p) => p.id === pageId);
  if (entry?.kind === 'database') void qc.prefetchQuery(databasePreviewQuery(pageId));
}

// Each row page's first image (the worker's, as of the row page's last persist). Polled while a
// gallery shows covers, so an image added to a row a moment ago appears without a reload.
export function useDatabaseCovers(databaseId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.databaseCovers(databaseId),
    queryFn: () => request(DatabaseRoutes.covers, { params: { databaseId } }),
    enabled,
    refetchInterval: 10_000,
  });
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

// Merge with CSV: what the server would do with each column of the file in this database (nothing
// stored), then the merge itself, in this browser's zone. The rows arrive in the open database
// through its Yjs document, like anyone's edit.
export function previewCsvMerge(databaseId: string, file: File, signal: AbortSignal): Promise<CsvMergePreview> {
  return sendMultipart<CsvMergePreview>(mergePath(DatabaseCsvRoutes.mergePreview.path, databaseId), file, 200, noProgress, signal);
}

export function mergeCsvInto(databaseId: string, file: File, plan: CsvMergePlan, signal: AbortSignal): Promise<CsvMergeResult> {
  return sendMultipart<CsvMergeResult>(mergePath(DatabaseCsvRoutes.merge.path, databaseId), file, 201, noProgress, signal, { [CSV_PLAN_FIELD]: JSON.stringify(plan) });
}

function mergePath(path: '/databases/:databaseId/merge/preview' | '/databases/:databaseId/merge', databaseId: string): string {
  return routePath(path, { databaseId }) + queryString({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
}

// A download link (through the /api proxy) for a view as CSV, in this browser's time zone.
export function viewCsvUrl(databaseId: string, viewId: string): string {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `/api${routePath(DatabaseCsvRoutes.export.path, { databaseId, viewId })}${queryString({ timeZone })}`;
}
