import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

const digest = (value: string) => createHash('sha256').update(value).digest();

// GET /metrics in Prometheus' text format, for a scraper holding METRICS_TOKEN as a bearer token.
// No token configured: 404, as if there were no such endpoint. Missing or wrong token: 401.
// Served by the server (an Express middleware ahead of Nest's routing) and by the worker's own
// listener (WORKER_METRICS_PORT); see docs/DECISIONS.md.
export function metricsHandler(registry: Registry, token: string | undefined) {
  const expected = token ? digest(token) : null;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!expected) return answer(res, 404, 'Not found\n');
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Compared as digests: constant time whatever the lengths.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return answer(res, 401, 'A bearer token (METRICS_TOKEN) is required\n');
    }
    registry.metrics().then(
      (body) => {
        res.setHeader('content-type', registry.contentType);
        res.setHeader('cache-control', 'no-store');
        answer(res, 200, body);
      },
      (err: unknown) => answer(res, 500, `Could not collect metrics: ${(err as Error).message}\n`),
    );
  };
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(body);
}

// The worker has no HTTP app: a bare listener that serves only GET /metrics.
export function listenForMetrics(registry: Registry, token: string | undefined, port: number): Promise<Server> {
  const handle = metricsHandler(registry, token);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') return handle(req, res);
    answer(res, 404, 'Not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // No host: every interface, IPv6 and IPv4 (Railway's private network is IPv6).
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
