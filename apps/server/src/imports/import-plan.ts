import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';

// How a folder of Markdown files (a plain zip, or Notion's "Markdown & CSV" export) becomes pages
// (HTML files arrive here already converted, under their name with .md).
// Pure, so unit-testable: entry paths and texts in, pages with their parents and Markdown out.
//   - "A.md" is a page; the files in the folder "A/" beside it are its sub-pages (Notion's shape);
//     a folder without a file of its name becomes a page of its own (an empty one).
//   - Notion's 32-hex ids at the end of names ("Trip 0123…cdef.md") are stripped.
//   - A first line "# Title" is the page's title (Notion writes one), else the file name is.
//   - Links to other .md files of the zip become page links; images and other files the Markdown
//     links to are uploaded (the caller does that through `resolveAsset`).

export interface PlannedPage {
  id: string;
  // The planned parent, or null for the import's top level.
  parentId: string | null;
  title: string;
  // The entry's path (or the folder's, for a folder page).
  source: string;
  markdown: string;
}

export interface Skipped {
  path: string;
  reason: string;
}

const NOTION_ID = / [0-9a-f]{32}$/i;
export const stripNotionId = (name: string) => name.replace(NOTION_ID, '').trim();

// Entries that are zip tooling, not content.
const IGNORED = /(^|\/)(__MACOSX|\.DS_Store$|Thumbs\.db$)/;

export function planPages(texts: ReadonlyMap<string, string>, allPaths: readonly string[]): { pages: PlannedPage[]; skipped: Skipped[] } {
  const skipped: Skipped[] = [];
  const byKey = new Map<string, PlannedPage>();
  const pages: PlannedPage[] = [];
  const markdownPaths = [...texts.keys()].filter((p) => /\.md$/i.test(p) && !IGNORED.test(p)).sort();
  const pageFor = (key: string): PlannedPage | null => {
    if (key === '.' || key === '') return null;
    const existing = byKey.get(key);
    if (existing) return existing;
    // A folder with no page file of its name: a page of its own, so its sub-pages keep a parent.
    const parent = pageFor(posix.dirname(key));
    const page: PlannedPage = { id: randomUUID(), parentId: parent?.id ?? null, title: stripNotionId(posix.basename(key)) || 'Untitled', source: `${key}/`, markdown: '' };
    byKey.set(key, page);
    pages.push(page);
    return page;
  };
  // Files before folders of the same name, parents before children: shorter paths first.
  for (const path of markdownPaths.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
    const key = path.replace(/\.md$/i, '');
    if (byKey.has(key)) continue;
    const parent = pageFor(posix.dirname(key));
    let markdown = texts.get(path)!.replace(/^\uFEFF/, '');
    let title = stripNotionId(posix.basename(key)) || 'Untitled';
    const heading = /^#[ \t]+(.+?)[ \t]*#*[ \t]*(\r?\n|$)/.exec(markdown);
    if (heading) {
      title = heading[1]!.trim();
      markdown = markdown.slice(heading[0].length);
    }
    const page: PlannedPage = { id: randomUUID(), parentId: parent?.id ?? null, title: title.slice(0, 200), source: path, markdown };
    byKey.set(key, page);
    pages.push(page);
  }
  for (const path of allPaths) {
    if (IGNORED.test(path) || path.endsWith('/')) continue;
    if (/\.csv$/i.test(path)) skipped.push({ path, reason: 'Databases (CSV) are not imported.' });
  }
  // Parents before children for inserting.
  const order = new Map(pages.map((p, i) => [p.id, i]));
  const depth = (p: PlannedPage): number => (p.parentId ? 1 + depth(pages[order.get(p.parentId)!]!) : 0);
  pages.sort((a, b) => depth(a) - depth(b));
  return { pages, skipped };
}

// [label](target "title"), the target bare or in <angle brackets> (which may hold spaces).
const LINK = /(!?)\[((?:\\.|[^\]\\])*)\]\((?:<([^>\n]+)>|([^)\s]+))((?:\s+"[^"]*")?)\)/g;

export type AssetUrl = (path: string, isImage: boolean) => Promise<string | null>;

// The page's Markdown with relative links resolved: to a page of the import → `pageUrl(id)`; to
// another file of the zip → whatever `asset` makes of it (an uploaded file's URL); anything else
// (web addresses, anchors, missing files) as it was.
export async function rewriteLinks(page: PlannedPage, pagesByPath: ReadonlyMap<string, string>, pageUrl: (id: string) => string, asset: AssetUrl): Promise<string> {
  const dir = posix.dirname(page.source.replace(/\/$/, ''));
  const parts: Array<string | Promise<string>> = [];
  let last = 0;
  for (const m of page.markdown.matchAll(LINK)) {
    const [whole, bang, label, angled, bare, title] = m as unknown as [string, string, string, string | undefined, string | undefined, string];
    const rawTarget = (angled ?? bare)!;
    parts.push(page.markdown.slice(last, m.index));
    last = m.index! + whole.length;
    if (/^[a-z][a-z0-9+.-]*:/i.test(rawTarget) || rawTarget.startsWith('#') || rawTarget.startsWith('/')) {
      parts.push(whole);
      continue;
    }
    let target: string;
    try {
      target = posix.normalize(posix.join(dir, decodeURIComponent(rawTarget.split('#')[0]!)));
    } catch {
      parts.push(whole);
      continue;
    }
    // An HTML file of the import is a page under its .md name.
    const pageId = pagesByPath.get(target) ?? pagesByPath.get(target.replace(/\.md$/i, '')) ?? pagesByPath.get(target.replace(/\.html?$/i, '.md'));
    if (pageId && !bang) {
      parts.push(`[${label}](${pageUrl(pageId)}${title})`);
      continue;
    }
    parts.push(asset(target, bang === '!').then((url) => (url ? `${bang}[${label}](${url}${title})` : whole)));
  }
  parts.push(page.markdown.slice(last));
  return (await Promise.all(parts)).join('');
}
