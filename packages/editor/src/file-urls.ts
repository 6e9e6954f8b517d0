// The browser-facing path of an uploaded file's bytes (the API's /files/:id/content, proxied by the
// web app under /api). Kept apart from files.ts, which defines the Tiptap nodes, so the server can
// read and write these paths without loading the editor (`@tandem/editor/file-urls`).

export const FILE_CONTENT_PREFIX = '/api/files/';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const FILE_CONTENT_PATH = new RegExp(`^${FILE_CONTENT_PREFIX}(${UUID})/content$`, 'i');

/** The path a document stores for an uploaded file's bytes (relative to the web app). */
export function fileContentUrl(fileId: string): string {
  return `${FILE_CONTENT_PREFIX}${fileId}/content`;
}

/** The file id of an uploaded file's path, or null for any other URL. */
export function fileIdFromUrl(url: string): string | null {
  return FILE_CONTENT_PATH.exec(url.trim())?.[1]?.toLowerCase() ?? null;
}
