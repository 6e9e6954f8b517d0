import { posix } from 'node:path';
import { FILE_CONTENT_PREFIX } from '@tandem/editor/file-urls';
import { sanitizeFileName } from '../files/file-content.js';

// Where each page and file of an export goes, and its links rewritten to point inside the export.
// Pure, so unit-testable: pages in, paths and rewritten text out.

export interface ExportPage {
  id: string;
  parentId: string | null;
  title: string;
}

export interface ExportFile {
  id: string;
  name: string;
}

export interface PageLayout {
  // Path of the page's .md file ("Trip.md", "Trip/Flights.md").
  path: string;
  depth: number;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// A page link as the editor stores it (/w/<workspace>/p/<page>, on any host or none).
const PAGE_LINK = new RegExp(`\\]\\((?:https?://[^)\\s]*?)?/w/${UUID}/p/(${UUID})\\)`, 'gi');
const FILE_LINK = new RegExp(`\\]\\(${FILE_CONTENT_PREFIX.replace(/\//g, '\\/')}(${UUID})/content\\)`, 'gi');

export const FILES_DIR = '_files';

// Pages in tree order (parents before children, siblings in order), those whose parent is not in
// the export at the top: "Title.md", and a folder "Title/" beside it for its sub-pages, names made
// unique among siblings ("Notes (2).md").
export function layoutPages(pages: readonly ExportPage[]): Map<string, PageLayout> {
  const ids = new Set(pages.map((p) => p.id));
  const layout = new Map<string, PageLayout>();
  const taken = new Map<string, Set<string>>();
  for (const page of pages) {
    const parent = page.parentId && ids.has(page.parentId) ? layout.get(page.parentId) : undefined;
    const dir = parent ? parent.path.replace(/\.md$/, '') : '';
    const used = taken.get(dir) ?? new Set<string>();
    taken.set(dir, used);
    const base = segment(page.title || 'Untitled');
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()) || name.toLowerCase() === FILES_DIR; n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    layout.set(page.id, { path: dir ? `${dir}/${name}.md` : `${name}.md`, depth: parent ? parent.depth + 1 : 0 });
  }
  return layout;
}

// A title as one path segment: the file-name rules of uploads, no path separators, at most 100
// characters (deep trees stay under common path limits).
function segment(title: string): string {
  return [...sanitizeFileName(title.replace(/[/\\]/g, '-'))].slice(0, 100).join('').trim() || 'Untitled';
}

export function filePath(file: ExportFile): string {
  return `${FILES_DIR}/${file.id.slice(0, 8)}-${sanitizeFileName(file.name)}`;
}

// The page's Markdown with links to exported pages and files made relative to its own folder;
// links to pages outside the export keep their address.
export function rewriteMarkdown(markdown: string, from: PageLayout, layout: ReadonlyMap<string, PageLayout>, files: ReadonlyMap<string, ExportFile>): string {
  const dir = posix.dirname(from.path);
  const relative = (target: string) => encodeURI(posix.relative(dir, target));
  return markdown
    .replace(PAGE_LINK, (whole, id: string) => {
      const target = layout.get(id.toLowerCase());
      return target ? `](${relative(target.path)})` : whole;
    })
    .replace(FILE_LINK, (whole, id: string) => {
      const file = files.get(id.toLowerCase());
      return file ? `](${relative(filePath(file))})` : whole;
    });
}
