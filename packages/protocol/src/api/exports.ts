import { z } from 'zod';
import { defineRoute } from './route.js';

// GET /pages/:id/export?format=markdown|html&subpages=true (reader of the page) and
// GET /workspaces/:id/export?format=… (owners and admins: every live page). Markdown comes as a
// zip (a .md file per page, a folder per page with sub-pages, uploaded files under _files/);
// HTML as one self-contained file (images and attachments embedded).
export const ExportFormat = z.enum(['markdown', 'html'], { error: "must be 'markdown' or 'html'" });
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportQuery = z.strictObject({
  format: ExportFormat.default('markdown'),
  subpages: z.stringbool({ error: "must be 'true' or 'false'" }).default(false),
});
export type ExportQuery = z.input<typeof ExportQuery>;

export const ExportLimits = {
  // Bytes of uploaded files one Markdown zip may carry (streamed from storage into the zip).
  maxZipFileBytes: 2 * 1024 * 1024 * 1024,
  // Bytes of uploaded files one HTML file may embed (base64, built in memory).
  maxHtmlFileBytes: 64 * 1024 * 1024,
} as const;

export const ExportRoutes = {
  page: defineRoute<Blob>()({ method: 'GET', path: '/pages/:id/export', query: ExportQuery, response: 'binary' }),
  workspace: defineRoute<Blob>()({ method: 'GET', path: '/workspaces/:id/export', query: ExportQuery, response: 'binary' }),
} as const;
