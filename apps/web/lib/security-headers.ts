// The headers every page of the web app carries (set by proxy.ts): a nonce-based Content Security
// Policy, so only Next's own scripts (which it stamps with the request's nonce) run — an injected
// <script> or inline handler does not — plus framing, sniffing, referrer and HSTS rules.

import { EMBED_FRAME_ORIGINS } from '@tandem/editor/embeds';

export interface SecurityContext {
  nonce: string;
  // Where the browser opens its Socket.IO connection (TANDEM_SOCKET_URL): the one other origin
  // scripts may connect to.
  socketUrl: string;
  // Served over https (HSTS only makes sense there; never on a laptop's http://localhost).
  https: boolean;
  // `next dev` evaluates code with eval for fast refresh.
  development: boolean;
}

function socketSources(socketUrl: string): string[] {
  try {
    const url = new URL(socketUrl);
    const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return [url.origin, `${ws}//${url.host}`];
  } catch {
    return [];
  }
}

export function contentSecurityPolicy({ nonce, socketUrl, development }: SecurityContext): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic': scripts Next's nonced bootstrap loads are trusted, nothing else.
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Style attributes (the editor's and React's inline styles) cannot carry a nonce.
    'style-src': ["'self'", "'unsafe-inline'"],
    // Images in pages may come from anywhere on the web (an image block by URL).
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...socketSources(socketUrl)],
    // Embedded players (YouTube, Vimeo, …): these origins only, whatever a document holds.
    'frame-src': [...EMBED_FRAME_ORIGINS],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function securityHeaders(context: SecurityContext): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(context),
    'X-Content-Type-Options': 'nosniff',
    // Cross-origin requests (an image on another site) learn the origin only — never a path such
    // as /share/<token>.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(context.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

// A fresh, unguessable nonce per response.
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
