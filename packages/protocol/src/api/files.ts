import { z } from 'zod';
import type { Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const FileLimits = {
  // A sanitized file name's length (the extension kept).
  nameMax: 200,
  // Images wider or taller than this are refused (a decompression bomb's tell).
  imageMaxPixels: 16_384,
} as const;

// The multipart field an upload's bytes travel in: POST /pages/:id/files, `file=<bytes>`.
export const UPLOAD_FIELD = 'file';

// How a browser should show a file: `inline` (images, rendered in the page) or `attachment`
// (everything else, downloaded: SVG and HTML included, whose scripts would run inline).
export type FileDisposition = 'inline' | 'attachment';

export interface FileView {
  id: string;
  pageId: string;
  // The sanitized name, as it is offered for download.
  name: string;
  size: number;
  // Sniffed from the bytes, never the client's word (application/octet-stream when unknown).
  mime: string;
  disposition: FileDisposition;
  // Pixel size of images (null for other files).
  width: number | null;
  height: number | null;
  createdAt: Timestamp;
  // Where the bytes are served, relative to the API (GET /files/:id/content).
  url: string;
}

export interface FileListResponse {
  files: FileView[];
}

// GET /files/:id/content?share=<public link token>: the link's token stands in for a session.
export const FileContentQuery = z.strictObject({
  share: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, { error: 'must be a share link token' }).optional(),
});
export type FileContentQuery = z.input<typeof FileContentQuery>;

export function fileContentPath(fileId: string): string {
  return `/files/${encodeURIComponent(fileId)}/content`;
}

export const FileRoutes = {
  // multipart/form-data with one `file` part → 201 FileView (editor or better on the page).
  upload: defineRoute<FileView>()({ method: 'POST', path: '/pages/:id/files' }),
  // Files of a page (reader or better).
  list: defineRoute<FileListResponse>()({ method: 'GET', path: '/pages/:id/files' }),
  // The bytes (read access to the file's page: a session, or a public link's token).
  content: defineRoute<Blob>()({ method: 'GET', path: '/files/:id/content', query: FileContentQuery, response: 'binary' }),
} as const;
