/* global self, caches, fetch, URL, Response -- this file runs in the service worker scope, not in Node */
// Tandem's service worker: makes a page opened once open again offline, even after a reload.
// The documents themselves live in IndexedDB (lib/collab/page-session.ts); this worker keeps what
// is needed to get that far: the app's HTML, its JS/CSS, /runtime-config and the shell's API reads.
// Hand-written on purpose: four rules, no build step. Registered by app/service-worker.tsx.

// Bump when a rule below changes meaning: activate deletes every older tandem-* cache.
const VERSION = 'v1';
const STATIC_CACHE = `tandem-static-${VERSION}`;
const PAGES_CACHE = `tandem-pages-${VERSION}`;
const API_CACHE = `tandem-api-${VERSION}`;
const CURRENT = [STATIC_CACHE, PAGES_CACHE, API_CACHE];

// Requests that start or end a session: whoever is signed in next must never see this one's data.
const SESSION_CHANGES = new Set(['/api/auth/logout', '/api/auth/login', '/api/auth/signup', '/api/auth/me']);

self.addEventListener('install', () => {
  // Nothing to precache (chunk names change per build); take over as soon as installed.
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('tandem-') && !CURRENT.includes(n)).map((n) => caches.delete(n)));
      // Control the tab that registered us now, so its next requests already fill the caches.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Other origins (the Socket.IO server) are not ours to cache.
  if (url.origin !== self.location.origin) return;

  if (request.method !== 'GET') {
    // Never cache writes. A sign-in, sign-up, sign-out or account change (deletion) drops the cached API answers whatever
    // the server says (even offline), so per-user data never outlives the session it belongs to.
    if (SESSION_CHANGES.has(url.pathname)) event.waitUntil(caches.delete(API_CACHE));
    return;
  }

  // Build output has content hashes in its names, so a cached copy is never stale.
  if (url.pathname.startsWith('/_next/static/')) {
    event.respondWith(cacheFirst(request, STATIC_CACHE));
    return;
  }
  if (request.mode === 'navigate') {
    // A page never opened on this device has no copy: say so instead of the browser's error page.
    event.respondWith(networkFirst(request, PAGES_CACHE).catch(() => offlinePage()));
    return;
  }
  if (url.pathname.startsWith('/api/') || url.pathname === '/runtime-config') {
    event.respondWith(networkFirst(request, API_CACHE));
    return;
  }
  // A client-side navigation fetches the route's RSC payload, not its HTML, so a page reached by a
  // sidebar click would have no document to reload offline. Fetch that document once now. Not for
  // prefetches: the sidebar prefetches every visible link, and each would cost a full render.
  if (request.headers.get('RSC') === '1' && !request.headers.has('Next-Router-Prefetch')) {
    event.waitUntil(rememberDocument(documentUrl(url)));
  }
});

// The page tells us what it loaded before we controlled it (its own HTML and JS/CSS), see
// app/service-worker.tsx: without this, the very first visit would leave nothing to reload offline.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'remember' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    Promise.all(
      data.urls.map((href) => {
        if (typeof href !== 'string') return undefined;
        const url = new URL(href, self.location.origin);
        if (url.origin !== self.location.origin) return undefined;
        if (url.pathname.startsWith('/_next/static/')) return remember(url.href, STATIC_CACHE);
        return rememberDocument(documentUrl(url));
      }),
    ),
  );
});

async function cacheFirst(request, cacheName) {
  const cached = await caches.match(request, { cacheName });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(cacheName)).put(request, response.clone());
  return response;
}

// The server's answer when there is one; the last good copy only when there is no answer at all
// (offline, or this app's host is down). Error answers are passed through and never stored: a 401
// or 404 must not be replayed later, and a 502 from the /api proxy (API down, network fine) keeps
// saying so, as the shell's "Can't reach Tandem" state is the truth then.
async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
  if (response.ok) {
    await cache.put(request, response.clone());
  } else if (response.status === 401 && cacheName === API_CACHE) {
    // The session is gone (expired, revoked elsewhere): its data goes with it.
    await caches.delete(API_CACHE);
  }
  return response;
}

// The HTML for a URL, without the RSC cache-busting parameter or fragment.
function documentUrl(url) {
  const clean = new URL(url.href);
  clean.searchParams.delete('_rsc');
  clean.hash = '';
  return clean.href;
}

// Exact URLs only. The App Router puts the route's params (workspace, page) into the HTML itself,
// so another page's document would open that other page under this address.
async function rememberDocument(href) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(href, { credentials: 'include', headers: { accept: 'text/html' } });
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) await cache.put(href, response);
  } catch {
    // Offline right now: the next visit online will store it.
  }
}

async function remember(href, cacheName) {
  const cache = await caches.open(cacheName);
  if (await cache.match(href)) return;
  try {
    const response = await fetch(href);
    if (response.ok) await cache.put(href, response);
  } catch {
    // As above: nothing to store while offline.
  }
}

// Shown for a navigation that has neither an answer nor a cached copy. Self-contained (no script
// or style from the app, which may not be cached either).
function offlinePage() {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline · Tandem</title>
<style>
  :root { color-scheme: light dark; --fg: #37352f; --muted: #787774; --bg: #ffffff; --accent: #2383e2; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e6e4; --muted: #9b9a97; --bg: #191919; --accent: #529cca; } }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg);
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 28rem; padding: 2rem; }
  h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
  p { color: var(--muted); margin: 0 0 1.5rem; }
  .actions { display: flex; gap: 0.75rem; align-items: center; }
  button { font: inherit; padding: 0.4rem 0.9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  a { color: var(--accent); }
</style>
</head>
<body>
<main data-testid="offline-page">
  <h1>You're offline</h1>
  <p>This page hasn't been opened on this device yet, so there is no copy of it here. Pages you have
  opened before still open offline, and what you write in them is sent when you're back online.</p>
  <div class="actions">
    <button type="button" onclick="location.reload()">Try again</button>
    <a href="javascript:history.back()">Go back</a>
  </div>
</main>
</body>
</html>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}
