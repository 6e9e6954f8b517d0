import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { GET, POST } from '../app/api/[...path]/route';
import { clientIp } from './api-proxy';

// The /api proxy route handler against a real upstream HTTP server standing in for the API.
describe('the /api proxy', () => {
  let upstream: Server;
  let seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
  let hang = false;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (hang) return; // never answers
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    process.env.TANDEM_API_URL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen = [];
    hang = false;
    delete process.env.TANDEM_PROXY_SECRET;
    delete process.env.TANDEM_PROXY_TIMEOUT_MS;
    delete process.env.TANDEM_PROXY_MAX_BODY_BYTES;
  });
  afterAll(() => {
    upstream.closeAllConnections();
    upstream.close();
  });

  const call = (handler: typeof GET, path: string[], init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    handler(new NextRequest(`http://app.test/api/${path.join('/')}`, { method: init.method ?? 'GET', headers: { host: 'app.test', ...init.headers }, body: init.body }), {
      params: Promise.resolve({ path }),
    });

  it('sets the client address itself: a browser cannot choose its IP through X-Forwarded-For or the dedicated header', async () => {
    process.env.TANDEM_PROXY_SECRET = 'proxy-secret-for-tests';
    const res = await call(GET, ['auth', 'me'], { headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7', 'x-tandem-client-ip': '6.6.6.6', 'x-tandem-proxy-secret': 'guess' } });
    expect(res.status).toBe(200);
    const { headers } = seen[0]!;
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-tandem-client-ip']).toBe('198.51.100.7');
    expect(headers['x-tandem-proxy-secret']).toBe('proxy-secret-for-tests');
  });

  it('forwards the W3C trace context, so the server continues the trace of the browser or an edge', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await call(GET, ['workspaces'], { headers: { traceparent, tracestate: 'vendor=opaque' } });
    expect(res.status).toBe(200);
    expect(seen[0]!.headers.traceparent).toBe(traceparent);
    expect(seen[0]!.headers.tracestate).toBe('vendor=opaque');
  });

  it('refuses state-changing requests from another origin (sibling subdomains included), before the API sees them', async () => {
    const foreign: Array<Record<string, string>> = [{ origin: 'https://evil.app.test' }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of foreign) {
      const res = await call(POST, ['auth', 'logout'], { method: 'POST', headers });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    expect(seen).toEqual([]);
    // Its own pages, and non-browser clients (no Origin, no Sec-Fetch-Site), get through.
    expect((await call(POST, ['auth', 'logout'], { method: 'POST', headers: { origin: 'http://app.test', 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await call(POST, ['auth', 'logout'], { method: 'POST' })).status).toBe(200);
    expect((await call(GET, ['auth', 'me'], { headers: { origin: 'https://evil.app.test' } })).status).toBe(200);
    expect(seen).toHaveLength(3);
  });

  it('caps request bodies (413, nothing forwarded)', async () => {
    process.env.TANDEM_PROXY_MAX_BODY_BYTES = '1024';
    const res = await call(POST, ['pages'], { method: 'POST', body: 'x'.repeat(2048), headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(seen).toEqual([]);
    expect((await call(POST, ['pages'], { method: 'POST', body: 'x'.repeat(1000) })).status).toBe(200);
    expect(seen[0]!.body).toHaveLength(1000);
  });

  it("streams file uploads past the buffered cap, up to the upload cap, with their declared length", async () => {
    process.env.TANDEM_PROXY_MAX_BODY_BYTES = '1024';
    process.env.TANDEM_PROXY_MAX_UPLOAD_BYTES = '8192';
    const path = ['pages', '0190f2a1-1111-7000-8000-000000000001', 'files'];
    const body = 'y'.repeat(4096);
    expect((await call(POST, path, { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(body.length) } })).status).toBe(200);
    expect(seen[0]!.body).toHaveLength(4096);
    expect(seen[0]!.headers['content-length']).toBe('4096');
    expect((await call(POST, path, { method: 'POST', body: 'y'.repeat(9000), headers: { 'content-length': '9000' } })).status).toBe(413);
    // CSV imports stream too (a 10 MB file is over the buffered cap).
    for (const csv of [['databases', 'import'], ['databases', 'import', 'preview']]) {
      expect((await call(POST, csv, { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(body.length) } })).status).toBe(200);
    }
    // Only the upload routes stream: another path keeps the buffered cap.
    expect((await call(POST, ['pages', 'x', 'files'], { method: 'POST', body })).status).toBe(413);
    expect((await call(POST, ['databases', 'importer'], { method: 'POST', body })).status).toBe(413);
    delete process.env.TANDEM_PROXY_MAX_UPLOAD_BYTES;
  });

  it('gives up on an upstream that does not answer (504)', async () => {
    hang = true;
    process.env.TANDEM_PROXY_TIMEOUT_MS = '300';
    const started = Date.now();
    const res = await call(GET, ['slow']);
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('clientIp', () => {
  it('takes the address the outermost trusted proxy saw', () => {
    expect(clientIp('203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientIp('6.6.6.6, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientIp('6.6.6.6, 203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    expect(clientIp(null, 1)).toBeNull();
    expect(clientIp('not an ip', 1)).toBeNull();
  });
});
