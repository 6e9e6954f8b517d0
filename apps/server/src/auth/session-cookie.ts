import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'tandem_session';

// httpOnly so page scripts never see it; SameSite=Lax because the web app reaches the API through
// its own origin (/api proxy); Secure wherever TLS is guaranteed (production).
export function sessionCookieOptions(production: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: production, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}
