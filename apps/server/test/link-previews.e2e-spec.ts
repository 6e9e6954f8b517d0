import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressPolicy } from '../src/link-previews/address-policy.js';
import { FetchFailed, FetchRefused, LinkFetcher } from '../src/link-previews/link-fetcher.js';
import { readPageMeta } from '../src/link-previews/html-meta.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// Bookmark previews (issue 18): the server fetches a link's title and icon, and must never be a
// way into its own network (SSRF). The fetcher's limits (redirects, size, time, content type) are
// tested against servers this suite starts on 127.0.0.1, through a fetcher built with the test-only
// `allowLoopback`; everything else — the default fetcher and the REST endpoint — refuses loopback.

interface TestSite {
  url: string;
  // Requests the site received, by path.
  hits: string[];
  // Responses that were closed before the site finished writing them.
  cutOff: string[];
  close(): Promise<void>;
}

async function startSite(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestSite> {
  const hits: string[] = [];
  const cutOff: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.on('close', () => {
      if (!res.writableFinished) cutOff.push(req.url ?? '');
    });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    cutOff,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const PAGE = `<!doctype html><html><head>
  <title>Fallback title</title>
  <meta property="og:title" content="Tandem &amp; friends">
  <meta name="description" content="  Notes that many people edit at once.  ">
  <meta property="og:site_name" content="Tandem">
  <link rel="shortcut icon" href="/static/icon.png">
</head><body><script>document.title = 'never run'</script><title>not this</title></body></html>`;

describe('address policy', () => {
  const policy = new AddressPolicy();
  it.each([
    '127.0.0.1', '127.1.2.3', '0.0.0.0', '10.0.0.1', '100.64.0.1', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '192.0.2.1', '198.18.0.1', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2001::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:8.8.8.8', '::127.0.0.1',
    'localhost', 'not-an-ip',
  ])('refuses %s', (address) => {
    expect(policy.allows(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450:4001:81a::200e'])('allows public %s', (address) => {
    expect(policy.allows(address)).toBe(true);
  });

  it('lets only loopback through when a test asks for it, never the private ranges', () => {
    const testing = new AddressPolicy({ allowLoopback: true });
    expect(testing.allows('127.0.0.1')).toBe(true);
    for (const address of ['10.0.0.1', '169.254.169.254', '192.168.0.1', '::ffff:127.0.0.1', 'fe80::1']) expect(testing.allows(address)).toBe(false);
  });
});

describe('page meta', () => {
  it('reads Open Graph first, then the title and description, entities decoded, icon made absolute; never the body', () => {
    expect(readPageMeta(PAGE, 'https://example.com/blog/post')).toEqual({
      title: 'Tandem & friends',
      description: 'Notes that many people edit at once.',
      iconUrl: 'https://example.com/static/icon.png',
      siteName: 'Tandem',
    });
  });

  it('falls back to <title> and /favicon.ico, and drops icons that are not http(s)', () => {
    expect(readPageMeta('<title> Plain\n page </title>', 'https://example.com/a')).toMatchObject({ title: 'Plain page', description: null, iconUrl: 'https://example.com/favicon.ico' });
    expect(readPageMeta('<link rel="icon" href="javascript:alert(1)">', 'https://example.com/').iconUrl).toBeNull();
  });
});

describe('link fetcher limits (test servers on loopback)', () => {
  const sites: TestSite[] = [];
  const fetcher = new LinkFetcher({ timeoutMs: 1_500, maxBytes: 64 * 1024, maxRedirects: 3, allowLoopback: true });
  const site = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const started = await startSite(handler);
    sites.push(started);
    return started;
  };
  afterAll(() => Promise.all(sites.map((s) => s.close())));

  it('reads an HTML page, following a redirect on the same site', async () => {
    const s = await site((req, res) => {
      if (req.url === '/old') return void res.writeHead(301, { location: '/new' }).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    const page = await fetcher.fetch(`${s.url}/old`);
    expect(page).toMatchObject({ url: `${s.url}/new`, truncated: false });
    expect(readPageMeta(page.html ?? '', page.url).title).toBe('Tandem & friends');
  });

  it.each([
    ['a private IPv4 address', 'http://10.0.0.1/admin'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['a link-local IPv6 address', 'http://[fe80::1]/'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses a redirect to %s, and never connects there', async (_name, target) => {
    const s = await site((_req, res) => void res.writeHead(302, { location: target }).end());
    await expect(fetcher.fetch(`${s.url}/go`)).rejects.toBeInstanceOf(FetchRefused);
  });

  it('stops after the allowed number of redirects', async () => {
    const s = await site((req, res) => void res.writeHead(302, { location: `/hop${Number((req.url ?? '/hop0').slice(4)) + 1}` }).end());
    await expect(fetcher.fetch(`${s.url}/hop0`)).rejects.toThrow(new FetchFailed('More than 3 redirects.'));
    expect(s.hits).toEqual(['/hop0', '/hop1', '/hop2', '/hop3']);
  });

  it('reads at most maxBytes of a huge page and hangs up', async () => {
    const s = await site((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><head><title>Big</title></head><body>');
      // An endless body: written until the reader hangs up.
      const chunk = `<p>${'x'.repeat(16 * 1024)}</p>`;
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const page = await fetcher.fetch(`${s.url}/big`);
    expect(page.truncated).toBe(true);
    expect(Buffer.byteLength(page.html ?? '')).toBeLessThanOrEqual(64 * 1024);
    expect(readPageMeta(page.html ?? '', page.url).title).toBe('Big');
  });

  it('gives up on a site that answers too slowly', async () => {
    const s = await site((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      // One byte now and then, never finishing: only the deadline ends it.
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(' ')), 100);
    });
    await expect(fetcher.fetch(`${s.url}/slow`)).rejects.toThrow(/too long/);
    const silent = await site(() => undefined);
    await expect(fetcher.fetch(`${silent.url}/silent`)).rejects.toThrow(/too long/);
  });

  it('does not read what is not HTML', async () => {
    const s = await site((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(1024 * 1024));
    });
    expect(await fetcher.fetch(`${s.url}/file.bin`)).toEqual({ url: `${s.url}/file.bin`, html: null, truncated: false });
  });

  it('refuses addresses with credentials and schemes other than http(s)', async () => {
    for (const url of ['ftp://example.com/', 'gopher://example.com/', 'http://user:pw@example.com/']) await expect(fetcher.fetch(url)).rejects.toBeInstanceOf(FetchRefused);
  });
});

describe('the default fetcher refuses loopback', () => {
  let s: TestSite;
  beforeAll(async () => {
    s = await startSite((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  });
  afterAll(() => s.close());

  it('by literal address and by a name that resolves to it; the site never sees a request', async () => {
    const fetcher = new LinkFetcher({ timeoutMs: 2_000, maxBytes: 64 * 1024 });
    const port = new URL(s.url).port;
    for (const url of [`${s.url}/`, `http://localhost:${port}/`, `http://[::1]:${port}/`, `http://2130706433:${port}/`, `http://0x7f.1:${port}/`]) {
      await expect(fetcher.fetch(url)).rejects.toBeInstanceOf(FetchRefused);
    }
    expect(s.hits).toEqual([]);
  });
});

describe('POST /pages/:id/link-preview', () => {
  const api = apiSuite('previews-owner');
  let s: TestSite;
  beforeAll(async () => {
    s = await startSite((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  });
  afterAll(() => s.close());

  it('refuses loopback through the API with a clear error, and the site never sees a request', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Links' });
    const res = await api.http.post(`/pages/${page.id}/link-preview`).set('Authorization', api.owner.bearer).send({ url: `${s.url}/` }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: { url: expect.stringMatching(/private, local or reserved/) } });
    expect(s.hits).toEqual([]);
  });

  it('answers a card with the address only when the site cannot be reached', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Links' });
    const res = await api.http.post(`/pages/${page.id}/link-preview`).set('Authorization', api.owner.bearer).send({ url: 'https://preview.invalid/a b' }).expect(200);
    expect(res.body).toEqual({ url: 'https://preview.invalid/a%20b', title: null, description: null, iconUrl: null, siteName: null });
  });

  it('checks the body, and that the person may edit the page', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Links' });
    const post = (body: unknown, bearer = api.owner.bearer) => api.http.post(`/pages/${page.id}/link-preview`).set('Authorization', bearer).send(body as object);
    for (const body of [{}, { url: 'ftp://example.com/' }, { url: 'javascript:alert(1)' }, { url: 'https://example.com/', extra: 1 }, { url: `https://example.com/${'a'.repeat(2100)}` }]) {
      expect((await post(body)).status).toBe(400);
    }
    const guest = await addMember(api.app, ws, 'guest', 'previews-guest');
    expect((await post({ url: 'https://preview.invalid/' }, guest.bearer)).status).toBe(404);
  });

  it('is rate-limited per person', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Links' });
    const member = await addMember(api.app, ws, 'member', 'previews-member');
    const statuses: number[] = [];
    // Loopback answers at once (refused before any connection): only the counting is tested here.
    for (let i = 0; i < 31; i += 1) statuses.push((await api.http.post(`/pages/${page.id}/link-preview`).set('Authorization', member.bearer).send({ url: `${s.url}/` })).status);
    expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
