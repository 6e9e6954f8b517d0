// HTML files of an import, made ready for the Markdown path (pure, so unit-testable).
//   - Nesting is measured before anything parses it: a page of 100,000 nested <div>s is refused
//     with a reason instead of costing a parser (and the schema's recursive conversion) its stack.
//   - Relative links and image sources ("Other%20page.html", "img/a.png") would be dropped by the
//     schema, which keeps only absolute addresses; they are parked under a placeholder origin
//     for the conversion and restored after, so the import resolves them as it does Markdown's.

export const MAX_HTML_DEPTH = 200;

// Elements that never hold others (no closing tag).
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Elements whose content is text, not markup (a "<div>" inside a script is no element).
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>|<!--[\s\S]*?-->/g;

// The deepest nesting of elements, counted as a browser would open and close them (closing tags
// without an open element are ignored; unclosed elements count until the end).
export function htmlDepth(html: string): number {
  const open: string[] = [];
  let max = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const [, closing, rawName, selfClosing] = m;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
      continue;
    }
    if (VOID.has(name) || selfClosing) continue;
    if (RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, TAG.lastIndex);
      TAG.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    open.push(name);
    if (open.length > max) max = open.length;
  }
  return max;
}

// The document's body: what is in <head> (title, styles, scripts, metadata) is not page content.
export function htmlBody(html: string): string {
  const body = /<body\b[^>]*>([\s\S]*?)(?:<\/body\s*>|$)/i.exec(html);
  if (body) return body[1]!;
  return html.replace(/<head\b[^>]*>[\s\S]*?<\/head\s*>/i, '');
}

const PARKED = 'https://tandem-import.invalid/';
const ATTRIBUTE = /(\s(?:href|src)\s*=\s*)(["'])([^"']*)\2/gi;

export function parkRelativeUrls(html: string): string {
  return html.replace(ATTRIBUTE, (whole, before: string, quote: string, url: string) => {
    const value = url.trim();
    if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('#') || value.startsWith('/')) return whole;
    return `${before}${quote}${PARKED}${value}${quote}`;
  });
}

export function restoreRelativeUrls(markdown: string): string {
  return markdown.split(PARKED).join('');
}
