import { Parser } from 'htmlparser2';
import { LinkPreviewLimits } from '@tandem/protocol';

// What a bookmark card shows, read from a page's HTML head: Open Graph / Twitter tags first, then
// <title>, <meta name="description"> and the icon links. Text only: tags inside values are never
// interpreted, and every URL is made absolute and kept only if it is http(s).

export interface PageMeta {
  title: string | null;
  description: string | null;
  iconUrl: string | null;
  siteName: string | null;
}

export function readPageMeta(html: string, pageUrl: string): PageMeta {
  const meta = new Map<string, string>();
  const icons: { rel: string; href: string }[] = [];
  let title = '';
  let inTitle = false;
  let done = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title') inTitle = true;
        if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? '').toLowerCase();
          if (key && attributes.content && !meta.has(key)) meta.set(key, attributes.content);
        }
        if (name === 'link' && attributes.href) {
          const rel = (attributes.rel ?? '').toLowerCase();
          if (rel.split(/\s+/).some((word) => word === 'icon' || word === 'apple-touch-icon')) icons.push({ rel, href: attributes.href });
        }
        // The head is all we need; a body's scripts and markup are not read.
        if (name === 'body') done = true;
      },
      ontext(text) {
        if (inTitle && !done) title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'head') done = true;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  // Feed in slices so a long body stops being parsed as soon as the head is over.
  for (let at = 0; at < html.length && !done; at += 16_384) parser.write(html.slice(at, at + 16_384));
  parser.end();

  const first = (...keys: string[]) => keys.map((key) => meta.get(key)).find((value) => value && value.trim());
  // A "shortcut icon" or "icon" link is the favicon; an apple-touch-icon is larger but fine.
  const icon = icons.find((entry) => entry.rel.split(/\s+/).includes('icon')) ?? icons[0];
  return {
    title: clean(first('og:title', 'twitter:title') ?? title, LinkPreviewLimits.titleMax),
    description: clean(first('og:description', 'twitter:description', 'description'), LinkPreviewLimits.descriptionMax),
    iconUrl: absoluteHttpUrl(icon?.href ?? '/favicon.ico', pageUrl),
    siteName: clean(first('og:site_name', 'application-name'), LinkPreviewLimits.titleMax),
  };
}

function clean(value: string | undefined, max: number): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function absoluteHttpUrl(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= LinkPreviewLimits.urlMax ? url.href : null;
  } catch {
    return null;
  }
}
