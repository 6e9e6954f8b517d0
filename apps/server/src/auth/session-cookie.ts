import type { CookieOptions } from 'express';

export { SESSION_COOKIE } from '@tandem/protocol';

// httpOnly so page scripts never see it; SameSite=Lax because the web app reaches the API through
// its own origin (/api proxy); Secure unless the app is served over plain http on localhost
// (servedOnLocalhost). It used to key on NODE_ENV=production, which the deploy steps never set.
export function sessionCookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}
