import type { NextRequest } from 'next/server';
import { ErrorCode, type ErrorBody } from '@tandem/protocol';
import { appOrigins, cappedStream, CLIENT_IP_HEADER, clientIp, crossOriginRefusal, isUpload, PROXY_SECRET_HEADER, readCapped } from '@/lib/api-proxy';

// Same-origin proxy to the Tandem API: the browser only ever calls /api/*, so the session cookie
// is first-party and httpOnly on any host (Vercel + Railway included). Read at request time, so
// operators change TANDEM_API_URL without rebuilding (a next.config rewrite is frozen at build).
export const dynamic = 'force-dynamic';

// Dropped from what the browser sent: hop-by-hop headers, and every forwarding header — the API
// learns the client address only from CLIENT_IP_HEADER, which this proxy sets itself. The W3C
// trace context (traceparent, tracestate) passes, so the server's spans continue the caller's trace.
const DROPPED = [
  'host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'accept-encoding',
  'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto', 'x-real-ip', 'forwarded',
  CLIENT_IP_HEADER, PROXY_SECRET_HEADER,
];

// Bodies above this never reach the API (a page import is at most 1 MiB of content, JSON-escaped).
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
// File uploads stream through up to this (the API's STORAGE_MAX_FILE_BYTES decides the real limit).
const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

const error = (status: number, code: ErrorCode, message: string) => Response.json({ error: { code, message } } satisfies ErrorBody, { status });

async function proxy(req: NextRequest, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const env = process.env;
  const refusal = crossOriginRefusal(req.method, req.headers, appOrigins(req.headers, env.TANDEM_APP_ORIGINS));
  if (refusal) return error(403, ErrorCode.Forbidden, refusal);
  const api = env.TANDEM_API_URL ?? 'http://localhost:4000';
  const { path } = await ctx.params;
  const target = `${api}/${path.map(encodeURIComponent).join('/')}${req.nextUrl.search}`;

  const upload = isUpload(req.method, path);
  const maxBody = upload ? Number(env.TANDEM_PROXY_MAX_UPLOAD_BYTES) || DEFAULT_MAX_UPLOAD_BYTES : Number(env.TANDEM_PROXY_MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const tooLarge = () => error(413, ErrorCode.PayloadTooLarge, `Requests to the API are limited to ${Math.floor(maxBody / 1024)} KiB.`);
  if (hasBody && Number(req.headers.get('content-length') ?? 0) > maxBody) return tooLarge();
  const body = !hasBody ? undefined : upload && req.body ? cappedStream(req.body, maxBody) : await readCapped(req.body, maxBody);
  if (body === null) return tooLarge();

  const headers = new Headers(req.headers);
  for (const h of DROPPED) headers.delete(h);
  // A streamed upload keeps its declared length, so the API can refuse an oversize file at once.
  const length = req.headers.get('content-length');
  if (upload && length) headers.set('content-length', length);
  const ip = clientIp(req.headers.get('x-forwarded-for'), Number(env.TANDEM_PROXY_HOPS ?? 1));
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  if (env.TANDEM_PROXY_SECRET) headers.set(PROXY_SECRET_HEADER, env.TANDEM_PROXY_SECRET);

  let res: Response;
  try {
    // A streamed (upload) body needs half-duplex (not yet in TypeScript's RequestInit).
    const init: RequestInit & { duplex: 'half' } = {
      method: req.method,
      headers,
      body: body as BodyInit | undefined,
      duplex: 'half',
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(Number(env.TANDEM_PROXY_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS),
    };
    res = await fetch(target, init);
  } catch (err) {
    if ((err as { name?: string } | null)?.name === 'TimeoutError') return error(504, ErrorCode.ServiceUnavailable, 'The Tandem server took too long to answer. Try again.');
    return error(502, ErrorCode.ServiceUnavailable, 'The Tandem server cannot be reached right now.');
  }
  const out = new Headers();
  res.headers.forEach((value, key) => {
    if (key !== 'set-cookie' && !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key)) out.set(key, value);
  });
  for (const cookie of res.headers.getSetCookie()) out.append('set-cookie', cookie);
  // JSON is never to be read as anything else, nor framed.
  out.set('x-content-type-options', 'nosniff');
  out.set('referrer-policy', 'strict-origin-when-cross-origin');
  return new Response(res.body, { status: res.status, headers: out });
}

export { proxy as GET, proxy as POST, proxy as PUT, proxy as PATCH, proxy as DELETE };
