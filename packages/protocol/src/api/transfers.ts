import { z } from 'zod';
import { Id } from './common.js';
import { ExportFormat } from './exports.js';
import type { ImportSummary } from './imports.js';
import { defineRoute } from './route.js';

// Imports and exports as worker jobs ("transfers", issue 16): starting one answers 202 at once
// with the transfer; the person who started it polls GET /transfers/:id for its progress, and reads
// an import's summary or downloads an export's file when it is done. Nobody else sees a transfer
// (404). A finished export's file is kept EXPORT_RETENTION_DAYS (`expiresAt`); after that its
// download answers 410 (`gone`) and its status reads `expired`. Its person is told in the inbox
// (`export_ready` / `export_failed` notices) and by mail per their setting. The direct endpoints
// (POST /workspaces/:id/imports, GET …/export) stay for small API use.
//   POST /workspaces/:id/import-jobs?parentId= (multipart `file`): as POST /workspaces/:id/imports.
//   POST /pages/:id/export-jobs { format, subpages } (reader of the page).
//   POST /workspaces/:id/export-jobs { format } (owners and admins).
export const TransferKind = z.enum(['import', 'export']);
export type TransferKind = z.infer<typeof TransferKind>;
// `expired`: an export's file was deleted after EXPORT_RETENTION_DAYS (the download answers 410).
export const TransferStatus = z.enum(['queued', 'running', 'done', 'failed', 'expired']);
export type TransferStatus = z.infer<typeof TransferStatus>;

export const StartPageExportBody = z.strictObject({ format: ExportFormat, subpages: z.boolean().default(false) });
export type StartPageExportBody = z.input<typeof StartPageExportBody>;
export const StartWorkspaceExportBody = z.strictObject({ format: ExportFormat });
export type StartWorkspaceExportBody = z.input<typeof StartWorkspaceExportBody>;
export const StartImportQuery = z.strictObject({ parentId: Id.optional() });
export type StartImportQuery = z.input<typeof StartImportQuery>;

export interface TransferView {
  id: string;
  kind: TransferKind;
  status: TransferStatus;
  workspaceId: string;
  // Pages done of pages to do (0 of 0 until the job has read what it works on).
  progress: { done: number; total: number };
  // An import's outcome, once done.
  summary: ImportSummary | null;
  // An export's file, once done: its name (the download answers with the bytes).
  fileName: string | null;
  // Why it failed, in words a person can act on.
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  // When a finished export's file goes (null: kept). Past it the status reads `expired`.
  expiresAt: string | null;
}

export const TransferRoutes = {
  startImport: defineRoute<TransferView>()({ method: 'POST', path: '/workspaces/:id/import-jobs', query: StartImportQuery }),
  startPageExport: defineRoute<TransferView>()({ method: 'POST', path: '/pages/:id/export-jobs', body: StartPageExportBody }),
  startWorkspaceExport: defineRoute<TransferView>()({ method: 'POST', path: '/workspaces/:id/export-jobs', body: StartWorkspaceExportBody }),
  get: defineRoute<TransferView>()({ method: 'GET', path: '/transfers/:id' }),
  download: defineRoute<Blob>()({ method: 'GET', path: '/transfers/:id/download', response: 'binary' }),
} as const;
