import type { NextRequest } from 'next/server';
import { ErrorCode, type ErrorBody } from '@tandem/protocol';

// Same-origin proxy to the Tandem API: the browser only ever calls /api/*, so the session cookie
// is first-party and httpOnly on any host (Vercel + Railway included). Read at request time, so
// operators change TANDEM_API_URL without rebuilding (a next.config rewrite is frozen at build).
export const dynamic = 'force-dynamic';

const HOP_BY_HOP = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'accept-encoding'];

async function proxy(req: NextRequest, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const api = process.env.TANDEM_API_URL ?? 'http://localhost:4000';
  const { path } = await ctx.params;
  const target = `${api}/${path.map(encodeURIComponent).join('/')}${req.nextUrl.search}`;
  const headers = new Headers(req.headers);
  for (const h of HOP_BY_HOP) headers.delete(h);
  const forwardedFor = req.headers.get('x-forwarded-for');
  if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let res: Response;
  try {
    res = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch {
    const body: ErrorBody = {
      error: { code: ErrorCode.ServiceUnavailable, message: 'The Tandem server cannot be reached right now.' },
    };
    return Response.json(body, { status: 502 });
  }
  const out = new Headers();
  res.headers.forEach((value, key) => {
    if (key !== 'set-cookie' && !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key)) out.set(key, value);
  });
  for (const cookie of res.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(res.body, { status: res.status, headers: out });
}

export { proxy as GET, proxy as POST, proxy as PUT, proxy as PATCH, proxy as DELETE };
