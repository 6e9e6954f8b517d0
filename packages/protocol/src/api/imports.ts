import { z } from 'zod';
import { Id } from './common.js';
import { defineRoute } from './route.js';

// POST /workspaces/:id/imports?parentId= with multipart `file`: a Markdown file, or a zip of
// Markdown files in folders (a plain one or Notion's "Markdown & CSV" export). All of it is created
// in one transaction, or nothing is.
export const ImportQuery = z.strictObject({ parentId: Id.optional() });
export type ImportQuery = z.input<typeof ImportQuery>;

export interface ImportSummary {
  // The pages created at the top of the import (under parentId, or at the workspace's root).
  rootPageIds: string[];
  pagesCreated: number;
  filesUploaded: number;
  // What was left out, and why.
  skipped: Array<{ path: string; reason: string }>;
}

export const ImportRoutes = {
  create: defineRoute<ImportSummary>()({ method: 'POST', path: '/workspaces/:id/imports', query: ImportQuery }),
} as const;
