import { Marked, type Tokens } from 'marked';

// One self-contained HTML file from the exported pages' Markdown: uploaded images and attachments
// embedded as data: URLs, links between exported pages as in-page anchors. Raw HTML in the Markdown
// (text someone typed that looks like a tag) is shown as text, never passed through as markup.

export interface HtmlSection {
  id: string;
  title: string;
  depth: number;
  markdown: string;
}

export interface EmbeddedFile {
  mime: string;
  name: string;
  bytes: Buffer;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const FILE_URL = new RegExp(`^/api/files/(${UUID})/content$`, 'i');
const PAGE_URL = new RegExp(`/w/${UUID}/p/(${UUID})$`, 'i');

export function exportHtml(title: string, sections: readonly HtmlSection[], files: ReadonlyMap<string, EmbeddedFile>, exportedPageIds: ReadonlySet<string>): string {
  const dataUrl = (href: string): { url: string; file: EmbeddedFile } | null => {
    const id = FILE_URL.exec(href)?.[1]?.toLowerCase();
    const file = id ? files.get(id) : undefined;
    return file ? { url: `data:${file.mime};base64,${file.bytes.toString('base64')}`, file } : null;
  };
  const marked = new Marked({
    gfm: true,
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
      image({ href, text, title: imageTitle }: Tokens.Image) {
        const embedded = dataUrl(href);
        const src = embedded?.url ?? (/^https?:\/\//i.test(href) ? href : '');
        return `<img src="${escapeHtml(src)}" alt="${escapeHtml(text)}"${imageTitle ? ` title="${escapeHtml(imageTitle)}"` : ''}>`;
      },
      link({ href, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        const embedded = dataUrl(href);
        if (embedded) return `<a href="${escapeHtml(embedded.url)}" download="${escapeHtml(embedded.file.name)}">${inner}</a>`;
        const page = PAGE_URL.exec(href)?.[1]?.toLowerCase();
        if (page && exportedPageIds.has(page)) return `<a href="#page-${page}">${inner}</a>`;
        const safe = /^(https?:|mailto:)/i.test(href) ? href : '#';
        return `<a href="${escapeHtml(safe)}" rel="noopener noreferrer">${inner}</a>`;
      },
    },
  });
  const body = sections
    .map((s) => {
      const level = Math.min(6, s.depth + 1);
      return `<section id="page-${s.id}">\n<h${level} class="page-title">${escapeHtml(s.title || 'Untitled')}</h${level}>\n${marked.parse(s.markdown, { async: false })}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 760px; margin: 40px auto; padding: 0 20px; color: #37352f; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 4px 8px; }
pre { background: #f7f6f3; padding: 12px; overflow: auto; } section + section { margin-top: 48px; border-top: 1px solid #eee; }
@media print { section { break-before: page; } section:first-child { break-before: auto; } }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
