// Rules of the same-origin /api proxy (app/api/[...path]/route.ts), kept apart from the route so
// they are unit-tested.

// The header the proxy sets to the client address it determined, overwriting anything the browser
// sent, and the shared secret that lets the server believe it (TANDEM_PROXY_SECRET on both sides).
export const CLIENT_IP_HEADER = 'x-tandem-client-ip';
export const PROXY_SECRET_HEADER = 'x-tandem-proxy-secret';

// The client address from X-Forwarded-For as the deployment's own edge wrote it: `hops` proxies in
// front of the web app each append the address they saw, so the entry `hops` from the right is the
// one the outermost trusted proxy saw; anything to its left came from the client and is ignored.
// (Vercel's edge writes the client address alone; Next's own server fills it in from the socket
// when absent. TANDEM_PROXY_HOPS defaults to 1.)
export function clientIp(forwardedFor: string | null, hops: number): string | null {
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = chain[chain.length - Math.max(1, hops)];
  return ip && /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// CSRF: a state-changing request must come from this app's own pages. SameSite=Lax stops other
// sites but not sibling subdomains (same site), which can POST with the cookie attached. Browsers
// send Origin on every POST/PUT/PATCH/DELETE and Sec-Fetch-Site on all requests, so one of them
// decides; a request with neither is not from a browser (API clients, scripts) and carries no
// ambient cookie risk.
export function crossOriginRefusal(method: string, headers: Headers, appOrigins: string[]): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.get('origin');
  if (origin && origin !== 'null') return appOrigins.includes(origin) ? null : `Origin ${origin} may not change data here.`;
  if (origin === 'null') return 'Requests from an opaque origin may not change data here.';
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `A ${site} request may not change data here.`;
  return null;
}

// The origins this app is served at: the request's own (Host as the edge passed it) plus any
// configured in TANDEM_APP_ORIGINS (comma-separated), for deployments behind a host-rewriting edge.
export function appOrigins(headers: Headers, configured: string | undefined): string[] {
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  const proto = headers.get('x-forwarded-proto') ?? 'http';
  const own = host ? [`${proto.split(',')[0]!.trim()}://${host}`] : [];
  return [...own, ...(configured ?? '').split(',').map((o) => o.trim()).filter(Boolean)];
}

// Reads a request body up to `max` bytes; null when it is larger (the rest is not read).
export async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

// File uploads (POST /pages/:id/files) are streamed to the API rather than read whole: the API
// enforces the real per-file limit as the bytes arrive; this only bounds what the proxy relays.
// CSV imports (up to 10 MB) take the same path.
const UPLOAD_PATH = /^(pages\/[0-9a-f-]{36}\/files|databases\/import(\/preview)?)$/i;

export function isUpload(method: string, path: string[]): boolean {
  return method.toUpperCase() === 'POST' && UPLOAD_PATH.test(path.join('/'));
}

// The body passed through, erroring (so the upstream request fails) past `max` bytes.
export function cappedStream(body: ReadableStream<Uint8Array>, max: number): ReadableStream<Uint8Array> {
  let size = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > max) controller.error(new Error(`upload over ${max} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
}
