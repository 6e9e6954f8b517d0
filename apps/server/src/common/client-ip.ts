import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';

export const CLIENT_IP_HEADER = 'x-tandem-client-ip';
export const PROXY_SECRET_HEADER = 'x-tandem-proxy-secret';

export type RequestWithClientIp = Request & { clientIp?: string };

function sameSecret(given: unknown, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Who the request is from, for per-IP limits, sessions and the audit log. The web app's /api proxy
// adds a hop of its own and used to forward the browser's X-Forwarded-For, so a browser chose its
// own address. Now the proxy states the address it saw in a dedicated header, and that header is
// believed only with the proxy's shared secret; every other request gets `req.ip` (the socket,
// through TRUST_PROXY_HOPS proxies of the deployment's own edge).
export function clientIpMiddleware(secret: string | undefined) {
  return (req: RequestWithClientIp, _res: Response, next: NextFunction): void => {
    const stated = req.headers[CLIENT_IP_HEADER];
    if (secret && typeof stated === 'string' && isIP(stated) && sameSecret(req.headers[PROXY_SECRET_HEADER], secret)) req.clientIp = stated;
    else req.clientIp = req.ip;
    delete req.headers[PROXY_SECRET_HEADER];
    next();
  };
}
