/**
 * The embed allow-list: which web addresses may become an embedded frame, and the one canonical
 * player address each becomes. Anything this module does not recognise is refused (null), so a
 * document can only ever frame these providers' players — never an arbitrary page.
 */

export const EMBED_PROVIDERS = ['youtube', 'vimeo', 'figma', 'loom', 'googleMaps', 'codepen'] as const;
export type EmbedProvider = (typeof EMBED_PROVIDERS)[number];

export interface EmbedTarget {
  provider: EmbedProvider;
  /** The player's address: what the iframe loads, and what the document stores. */
  src: string;
}

/** People's names for the providers (menus, titles). */
export const EMBED_PROVIDER_NAMES: Readonly<Record<EmbedProvider, string>> = {
  youtube: 'YouTube',
  vimeo: 'Vimeo',
  figma: 'Figma',
  loom: 'Loom',
  googleMaps: 'Google Maps',
  codepen: 'CodePen',
};

/** Origins the players load from: the web app's Content-Security-Policy `frame-src`, nothing more. */
export const EMBED_FRAME_ORIGINS: readonly string[] = [
  'https://www.youtube-nocookie.com',
  'https://player.vimeo.com',
  'https://www.figma.com',
  'https://embed.figma.com',
  'https://www.loom.com',
  'https://www.google.com',
  'https://codepen.io',
];

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const DIGITS = /^\d{1,12}$/;
const LOOM_ID = /^[0-9a-f]{32}$/i;
const FIGMA_KEY = /^[A-Za-z0-9]{10,64}$/;
const FIGMA_NODE = /^[0-9]+[-:][0-9]+$/;
const CODEPEN_USER = /^[A-Za-z0-9_-]{1,64}$/;
const CODEPEN_ID = /^[A-Za-z0-9]{3,16}$/;
// Google's "Embed a map" parameter: letters, digits and the few punctuation marks it uses.
const MAPS_PB = /^[A-Za-z0-9!._:%-]{1,2000}$/;
const MAPS_COORDS = /^@(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?)z)?/;

function hostIs(host: string, ...names: string[]): boolean {
  return names.includes(host) || names.some((name) => host === `www.${name}`);
}

/**
 * The embed for a pasted or typed address, or null when it is not a player this app frames.
 * Accepts the addresses people copy (watch pages, share links) and the players' own addresses;
 * http is upgraded to https; credentials, other ports and unknown paths are refused.
 */
export function embedFromUrl(input: string): EmbedTarget | null {
  if (typeof input !== 'string' || input.length > 4096) return null;
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  const id = (value: string | null | undefined, pattern: RegExp) => (value && pattern.test(value) ? value : null);

  if (hostIs(host, 'youtube.com', 'm.youtube.com', 'youtube-nocookie.com') || host === 'youtu.be') {
    const video =
      host === 'youtu.be'
        ? id(parts.length === 1 ? parts[0] : null, YOUTUBE_ID)
        : parts[0] === 'watch' && parts.length === 1
          ? id(url.searchParams.get('v'), YOUTUBE_ID)
          : ['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '') && parts.length === 2
            ? id(parts[1], YOUTUBE_ID)
            : null;
    // The no-cookie player: no tracking cookies until the reader presses play.
    return video ? { provider: 'youtube', src: `https://www.youtube-nocookie.com/embed/${video}` } : null;
  }
  if (hostIs(host, 'vimeo.com') || host === 'player.vimeo.com') {
    const video = host === 'player.vimeo.com' ? (parts[0] === 'video' && parts.length === 2 ? parts[1] : null) : parts.length === 1 ? parts[0] : null;
    return id(video, DIGITS) ? { provider: 'vimeo', src: `https://player.vimeo.com/video/${video}` } : null;
  }
  if (hostIs(host, 'figma.com') || host === 'embed.figma.com') {
    // The embed page takes the file's address; rebuild it from the parts we recognise only.
    const inner = parts[0] === 'embed' && parts.length === 1 ? safeUrl(url.searchParams.get('url')) : url;
    if (!inner || !hostIs(inner.hostname.toLowerCase(), 'figma.com')) return null;
    const [kind, key] = inner.pathname.split('/').filter(Boolean);
    if (!kind || !['file', 'design', 'proto', 'board'].includes(kind) || !id(key, FIGMA_KEY)) return null;
    const node = id(inner.searchParams.get('node-id'), FIGMA_NODE);
    const file = `https://www.figma.com/${kind}/${key}${node ? `?node-id=${node.replace(':', '-')}` : ''}`;
    return { provider: 'figma', src: `https://www.figma.com/embed?embed_host=tandem&url=${encodeURIComponent(file)}` };
  }
  if (hostIs(host, 'loom.com')) {
    const video = ['share', 'embed'].includes(parts[0] ?? '') && parts.length === 2 ? id(parts[1], LOOM_ID) : null;
    return video ? { provider: 'loom', src: `https://www.loom.com/embed/${video.toLowerCase()}` } : null;
  }
  if (hostIs(host, 'google.com') || host === 'maps.google.com') {
    return googleMapsEmbed(url, host === 'maps.google.com' ? ['maps', ...parts] : parts);
  }
  if (hostIs(host, 'codepen.io')) {
    const [user, kind, pen] = parts;
    if (parts.length !== 3 || !id(user, CODEPEN_USER) || !['pen', 'embed', 'full', 'details'].includes(kind ?? '') || !id(pen, CODEPEN_ID)) return null;
    return { provider: 'codepen', src: `https://codepen.io/${user}/embed/${pen}?default-tab=result` };
  }
  return null;
}

function googleMapsEmbed(url: URL, parts: string[]): EmbedTarget | null {
  if (parts[0] !== 'maps') return null;
  const embed = (query: Record<string, string>) => ({ provider: 'googleMaps' as const, src: `https://www.google.com/maps?${new URLSearchParams({ ...query, output: 'embed' }).toString()}` });
  // "Share → Embed a map" gives /maps/embed?pb=…: kept as it is.
  if (parts[1] === 'embed' && parts.length === 2) {
    // Read raw: decoding and re-encoding would change the address Google signed into it.
    const pb = /^\?pb=([^&#]*)$/.exec(url.search)?.[1];
    return pb && MAPS_PB.test(pb) ? { provider: 'googleMaps', src: `https://www.google.com/maps/embed?pb=${pb}` } : null;
  }
  const query = url.searchParams.get('q');
  if (parts.length === 1) {
    const zoom = url.searchParams.get('z');
    return query && query.length <= 500 ? embed({ q: query, ...(zoom && /^\d{1,2}$/.test(zoom) ? { z: zoom } : {}) }) : null;
  }
  // /maps/place/<name>/@lat,lng,zoomz/… and /maps/search/<query>
  if ((parts[1] === 'place' || parts[1] === 'search') && parts[2]) {
    const name = safeDecode(parts[2].replace(/\+/g, ' '));
    return name && name.length <= 500 ? embed({ q: name }) : null;
  }
  // /maps/@lat,lng,zoomz
  const coords = parts[1] ? MAPS_COORDS.exec(parts[1]) : null;
  if (coords) return embed({ q: `${coords[1]},${coords[2]}`, ...(coords[3] ? { z: String(Math.round(Number(coords[3]))) } : {}) });
  return null;
}

function safeUrl(value: string | null): URL | null {
  try {
    return value ? new URL(value) : null;
  } catch {
    return null;
  }
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** True when `src` is exactly the canonical player address of an allow-listed embed. */
export function isCanonicalEmbedSrc(src: unknown, provider?: unknown): boolean {
  if (typeof src !== 'string') return false;
  const target = embedFromUrl(src);
  return target !== null && target.src === src && (provider === undefined || target.provider === provider);
}
