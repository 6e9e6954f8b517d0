import type { Env } from './env.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// True when the web app is served over plain http on this machine (a laptop's `npm start`, which
// runs with NODE_ENV=production, or `npm run dev`). NODE_ENV alone can't tell a laptop from a
// deployment, so the things that only make sense locally — a session cookie without `Secure`, the
// development mail outbox — key on where the app is served instead.
export function servedOnLocalhost(config: Pick<Env, 'APP_URL' | 'WEB_ORIGIN'>): boolean {
  const origin = config.APP_URL ?? config.WEB_ORIGIN[0];
  if (!origin || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}
