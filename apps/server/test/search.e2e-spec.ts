import { randomUUID } from 'node:crypto';
import type { NavPagesResponse, PageView, SearchResponse } from '@tandem/protocol';
import { DOCUMENT_FIELD } from '@tandem/editor';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import type { TestUser } from './support/accounts.js';
import { addMember as addCollabMember, addPage, api as apiCall, collabEnv, CollabWorld, savedAll, signUp, synced } from './support/collab/fixtures.js';
import { addMember, apiSuite, createWorkspace } from './support/world.js';

// Search (issue 15) through the real API against the real Postgres: ranking, syntax, snippets,
// typo-tolerant titles, permission filtering for every role (results and counts), trash, paging,
// filters, bad input; and freshness after an edit made through a socket (with the worker).

describe('search', () => {
  const api = apiSuite('search-owner');
  let ws: string;
  const ids: Record<string, string> = {};
  let member: TestUser;
  let admin: TestUser;
  let guest: TestUser;
  let childGuest: TestUser;
  let outsider: TestUser;

  async function page(as: TestUser, title: string, markdown: string, parentId: string | null = null): Promise<PageView> {
    const res = await api.http
      .post(`/workspaces/${ws}/pages`)
      .set('Authorization', as.bearer)
      .send({ title, parentId, content: { kind: 'markdown', content: markdown } });
    if (res.status !== 201) throw new Error(`create page: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as PageView;
  }

  async function search(as: TestUser, query: Record<string, string | number | boolean>, status = 200): Promise<SearchResponse> {
    const res = await api.http.get(`/workspaces/${ws}/search`).query(query).set('Authorization', as.bearer);
    if (res.status !== status) throw new Error(`search ${JSON.stringify(query)}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SearchResponse;
  }

  const titles = (r: SearchResponse) => r.results.map((x) => x.title);

  beforeAll(async () => {
    ws = await createWorkspace(api.app, api.owner, 'Search');
    const o = api.owner;
    ids.guide = (await page(o, 'Collaboration guide', 'How teams work together in real time.')).id;
    ids.meeting = (await page(o, 'Meeting notes', 'We discussed collaboration and the quarterly roadmap.\n\nThe collaboration tool helps a lot.')).id;
    ids.recipes = (await page(o, 'Recipes', 'The quick brown fox jumps over the lazy dog.\n\nPasta with tomatoes, 100% durum wheat.')).id;
    ids.roadmap = (await page(o, 'Roadmap 2027', 'Plans for the fox project: search_index and navigation.')).id;
    ids.kube = (await page(o, 'Kubernetes deployment', 'Run kubectl apply on the <b>cluster</b> & wait.')).id;
    ids.secret = (await page(o, 'Secret collaboration plans', 'collaboration collaboration collaboration')).id;
    ids.area = (await page(o, 'Guest area', 'Shared with a guest; an okapi lives here.')).id;
    ids.areaChild = (await page(o, 'Guest child collaboration', 'Inside the shared area.', ids.area)).id;
    ids.grandchild = (await page(o, 'Deep note', 'A grandchild about collaboration.', ids.areaChild)).id;
    ids.trashed = (await page(o, 'Old collaboration draft', 'Thrown away.')).id;
    await api.http.post(`/pages/${ids.trashed}/trash`).set('Authorization', o.bearer).expect(204);
    member = await addMember(api.app, ws, 'member', 'search-member');
    admin = await addMember(api.app, ws, 'admin', 'search-admin');
    guest = await addMember(api.app, ws, 'guest', 'search-guest');
    childGuest = await addMember(api.app, ws, 'guest', 'search-child-guest');
    outsider = await addMember(api.app, await createWorkspace(api.app, api.owner, 'Other'), 'member', 'search-outsider');
    await api.prisma.pageShare.create({ data: { pageId: ids.area!, userId: guest.id, role: 'viewer' } });
    await api.prisma.pageShare.create({ data: { pageId: ids.areaChild!, userId: childGuest.id, role: 'editor' } });
  });

  it('ranks title matches above text-only matches, and finds stems ("collaborating" → "collaboration")', async () => {
    const r = await search(api.owner, { q: 'collaborating' });
    const order = titles(r);
    expect(order.slice(0, 3).sort()).toEqual(['Collaboration guide', 'Guest child collaboration', 'Secret collaboration plans']);
    expect(order.slice(3).sort()).toEqual(['Deep note', 'Meeting notes']);
    expect(r.total).toBe(5);
    // Among text-only hits, two mentions outrank one.
    expect(order.indexOf('Meeting notes')).toBeLessThan(order.indexOf('Deep note'));
  });

  it('matches the last word as a prefix while typing, quoted phrases, and -excluded words', async () => {
    expect(titles(await search(api.owner, { q: 'collab' }))).toEqual(expect.arrayContaining(['Collaboration guide', 'Meeting notes']));
    expect(titles(await search(api.owner, { q: 'kubern' }))).toEqual(['Kubernetes deployment']);
    expect(titles(await search(api.owner, { q: 'quarterly road' }))).toEqual(['Meeting notes']);
    expect(titles(await search(api.owner, { q: '"brown fox"' }))).toEqual(['Recipes']);
    expect(titles(await search(api.owner, { q: '"fox brown"' }))).toEqual([]);
    expect(titles(await search(api.owner, { q: 'fox' })).sort()).toEqual(['Recipes', 'Roadmap 2027']);
    expect(titles(await search(api.owner, { q: 'fox -pasta' }))).toEqual(['Roadmap 2027']);
    expect(titles(await search(api.owner, { q: 'fox -"lazy dog"' }))).toEqual(['Roadmap 2027']);
    expect(titles(await search(api.owner, { q: 'pasta or navigation' })).sort()).toEqual(['Recipes', 'Roadmap 2027']);
  });

  it('matches titles with typos (trigram)', async () => {
    expect(titles(await search(api.owner, { q: 'kubernetse' }))).toEqual(['Kubernetes deployment']);
    expect(titles(await search(api.owner, { q: 'colaboration gide' }))[0]).toBe('Collaboration guide');
  });

  it('returns the matched text as a snippet of plain parts with the matches marked', async () => {
    const [hit] = (await search(api.owner, { q: 'quarterly' })).results;
    expect(hit!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['quarterly']);
    expect(hit!.snippet.map((p) => p.text).join('')).toContain('discussed collaboration and the quarterly roadmap');
    const [kube] = (await search(api.owner, { q: 'cluster' })).results;
    // Text that looks like markup is never passed on as markup (ts_headline drops tag-like tokens;
    // the rest is plain text the client shows as text).
    expect(kube!.snippet.map((p) => p.text).join('')).toMatch(/kubectl apply on the\s+cluster\s+& wait/);
    expect(kube!.snippet.find((p) => p.match)?.text).toBe('cluster');
    expect(kube).toMatchObject({ id: ids.kube, title: 'Kubernetes deployment', icon: null, path: [], deletedAt: null });
    expect(Date.parse(kube!.updatedAt)).not.toBeNaN();
  });

  it('gives each result its breadcrumb path, only through pages the caller can see', async () => {
    const [deep] = (await search(api.owner, { q: 'grandchild' })).results;
    expect(deep!.path.map((p) => p.title)).toEqual(['Guest area', 'Guest child collaboration']);
    const [forGuest] = (await search(guest, { q: 'grandchild' })).results;
    expect(forGuest!.path.map((p) => p.title)).toEqual(['Guest area', 'Guest child collaboration']);
    const [forChildGuest] = (await search(childGuest, { q: 'grandchild' })).results;
    expect(forChildGuest!.path.map((p) => p.title)).toEqual(['Guest child collaboration']);
  });

  it('shows every role exactly the pages it may read, in results and in counts', async () => {
    const everything = ['Collaboration guide', 'Deep note', 'Guest area', 'Guest child collaboration', 'Kubernetes deployment', 'Meeting notes', 'Recipes', 'Roadmap 2027', 'Secret collaboration plans'];
    for (const who of [api.owner, admin, member]) {
      const all = await search(who, { limit: 50 });
      expect(titles(all).sort()).toEqual(everything);
      expect(all.total).toBe(everything.length);
    }
    const g = await search(guest, { q: 'collaboration' });
    expect(titles(g).sort()).toEqual(['Deep note', 'Guest child collaboration']);
    expect(g.total).toBe(2);
    expect(titles(await search(guest, { limit: 50 })).sort()).toEqual(['Deep note', 'Guest area', 'Guest child collaboration']);
    const cg = await search(childGuest, { q: 'collaboration' });
    expect(titles(cg).sort()).toEqual(['Deep note', 'Guest child collaboration']);
    expect(titles(await search(childGuest, { q: 'guest area' }))).not.toContain('Guest area');
    expect((await search(childGuest, { q: 'okapi' })).total).toBe(0);
    expect((await search(guest, { q: 'okapi' })).total).toBe(1);
    expect((await search(guest, { q: 'secret' })).total).toBe(0);
    // The same answer as the tree (AccessService's rules) for every person.
    for (const who of [api.owner, member, guest, childGuest]) {
      const tree = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', who.bearer).expect(200);
      const found = await search(who, { limit: 50 });
      expect(found.results.map((r) => r.id).sort()).toEqual((tree.body.pages as PageView[]).map((p) => p.id).sort());
    }
    // Not a member: the workspace doesn't exist for them; signed out: 401.
    await search(outsider, { q: 'collaboration' }, 404);
    await api.http.get(`/workspaces/${ws}/search`).query({ q: 'collaboration' }).expect(401);
    // A share only counts while its holder is in the workspace.
    const leaver = await addMember(api.app, ws, 'guest', 'search-leaver');
    await api.prisma.pageShare.create({ data: { pageId: ids.area!, userId: leaver.id, role: 'viewer' } });
    expect((await search(leaver, { q: 'guest' })).total).toBe(2);
    await api.prisma.workspaceMember.delete({ where: { workspaceId_userId: { workspaceId: ws, userId: leaver.id } } });
    await search(leaver, { q: 'guest' }, 404);
  });

  it('leaves trashed pages out unless an owner or admin asks for them', async () => {
    expect(titles(await search(api.owner, { q: 'draft' }))).toEqual([]);
    expect(titles(await search(member, { q: 'draft' }))).toEqual([]);
    const withTrash = await search(admin, { q: 'draft', trash: true });
    expect(titles(withTrash)).toEqual(['Old collaboration draft']);
    expect(withTrash.results[0]!.deletedAt).not.toBeNull();
    await search(member, { q: 'draft', trash: true }, 403);
    await search(guest, { q: 'draft', trash: true }, 403);
  });

  it('counts matches up to a bound ("100+"), pages past it, and never counts what the caller may not read', async () => {
    // More matching pages than the count's bound, written straight to the table (the triggers index them).
    const farm = await page(api.owner, 'Yak farm', '');
    const many = 130;
    await api.prisma.page.createMany({
      data: Array.from({ length: many }, (_, i) => ({ workspaceId: ws, parentId: farm.id, title: `Yak pasture ${i}`, position: `a${String(i).padStart(4, '0')}` })),
    });
    const pastures = await api.prisma.page.findMany({ where: { parentId: farm.id }, select: { id: true }, orderBy: { position: 'asc' } });
    const first = await search(member, { q: 'yak' });
    expect(first.total).toBe(100);
    expect(first.totalCapped).toBe(true);
    expect(first.results).toHaveLength(20);
    expect(first.nextCursor).toBe('20');
    expect((await search(member, { q: 'yak', sort: 'edited' })).totalCapped).toBe(true);
    // Paging goes past the bound, and the last page knows the exact count.
    const seen = new Set<string>();
    let cursor: string | null = null;
    let last: SearchResponse;
    do {
      last = await search(member, { q: 'yak', limit: 50, ...(cursor ? { cursor } : {}) });
      for (const r of last.results) seen.add(r.id);
      cursor = last.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(many + 1);
    expect(last.total).toBe(many + 1);
    expect(last.totalCapped).toBe(false);
    // A guest with two of them shared counts two, not the bound.
    const yakGuest = await addMember(api.app, ws, 'guest', 'search-yak-guest');
    await api.prisma.pageShare.createMany({ data: pastures.slice(0, 2).map((p) => ({ pageId: p.id, userId: yakGuest.id, role: 'viewer' as const })) });
    const forGuest = await search(yakGuest, { q: 'yak' });
    expect(forGuest.total).toBe(2);
    expect(forGuest.totalCapped).toBe(false);
    expect(forGuest.results.map((r) => r.id).sort()).toEqual(pastures.slice(0, 2).map((p) => p.id).sort());
    await api.http.post(`/pages/${farm.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    expect((await search(member, { q: 'yak' })).total).toBe(0);
  });

  it('ranks a title match first even when more than the bound of newer pages match by their text, for members and guests', async () => {
    // A barn shared with a guest: an old page whose title matches, then more text-only matches
    // than are ranked (the newest 100), all newer; and a title match outside the guest's share.
    const barn = await page(api.owner, 'Hay barn', '');
    const [shelter, outside] = await Promise.all([
      api.prisma.page.create({ data: { workspaceId: ws, parentId: barn.id, title: 'Zebu shelter', position: 'a0' } }),
      api.prisma.page.create({ data: { workspaceId: ws, parentId: null, title: 'Zebu fence', position: 'z9' } }),
    ]);
    // Last edited a month ago (Prisma sets updatedAt itself on create).
    await api.prisma.$executeRaw`UPDATE "Page" SET "updatedAt" = now() - interval '30 days' WHERE id IN (${shelter.id}::uuid, ${outside.id}::uuid)`;
    const stalls = Array.from({ length: 120 }, (_, i) => ({ workspaceId: ws, parentId: barn.id, title: `Stall ${i}`, position: `b${String(i).padStart(4, '0')}` }));
    await api.prisma.page.createMany({ data: stalls });
    const stallIds = await api.prisma.page.findMany({ where: { parentId: barn.id, title: { startsWith: 'Stall' } }, select: { id: true } });
    // Their text, written as a persist would (the triggers index it and make them the newest).
    const empty = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()));
    await api.prisma.document.createMany({ data: stallIds.map((s) => ({ pageId: s.id, state: empty, stateVector: Buffer.from(Y.encodeStateVector(new Y.Doc())), text: 'The zebu sleeps here.' })) });
    const barnGuest = await addMember(api.app, ws, 'guest', 'search-barn-guest');
    await api.prisma.pageShare.create({ data: { pageId: barn.id, userId: barnGuest.id, role: 'viewer' } });

    const forMember = await search(member, { q: 'zebu' });
    expect(titles(forMember).slice(0, 2).sort()).toEqual(['Zebu fence', 'Zebu shelter']);
    expect(forMember.totalCapped).toBe(true);
    const forGuest = await search(barnGuest, { q: 'zebu' });
    expect(titles(forGuest)[0]).toBe('Zebu shelter');
    expect(titles(forGuest)).not.toContain('Zebu fence');
    expect(forGuest.totalCapped).toBe(true);
    // As typed (a prefix), and a title typo (trigram) among the guest's pages only.
    expect(titles(await search(barnGuest, { q: 'zeb' }))[0]).toBe('Zebu shelter');
    expect(titles(await search(barnGuest, { q: 'sheltr' }))).toEqual(['Zebu shelter']);
    expect((await search(barnGuest, { q: 'fence' })).total).toBe(0);
    await api.http.post(`/pages/${barn.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.post(`/pages/${outside.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
  });

  it('finds a renamed page by its new title at once', async () => {
    const renamed = await page(api.owner, 'Scratch', '');
    await api.http.patch(`/pages/${renamed.id}`).set('Authorization', api.owner.bearer).send({ title: 'Zeppelin hangar' }).expect(200);
    expect(titles(await search(api.owner, { q: 'zeppelin' }))).toEqual(['Zeppelin hangar']);
    expect(titles(await search(api.owner, { q: 'scratch' }))).toEqual([]);
    await api.http.post(`/pages/${renamed.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
  });

  it('pages with a cursor, filters by subtree, author and date, and sorts by last edit', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total: number;
    do {
      const r: SearchResponse = await search(member, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(r.results.length).toBeLessThanOrEqual(2);
      seen.push(...r.results.map((x) => x.id));
      total = r.total;
      cursor = r.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);

    expect(titles(await search(member, { under: ids.area!, limit: 50 })).sort()).toEqual(['Deep note', 'Guest area', 'Guest child collaboration']);
    expect(titles(await search(member, { q: 'collaboration', under: ids.areaChild! })).sort()).toEqual(['Deep note', 'Guest child collaboration']);
    await search(childGuest, { under: ids.area! }, 404);
    await search(member, { under: randomUUID() }, 404);

    const mine = await page(member, 'Member page about collaboration', '');
    expect(titles(await search(api.owner, { q: 'collaboration', editedBy: member.id }))).toEqual(['Member page about collaboration']);
    const byEdit = titles(await search(api.owner, { q: 'collaboration', sort: 'edited' }));
    expect(byEdit[0]).toBe('Member page about collaboration');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await search(api.owner, { from: future })).total).toBe(0);
    expect((await search(api.owner, { to: '2001-01-01' })).total).toBe(0);
    expect(titles(await search(api.owner, { q: 'member page', from: new Date(Date.now() - 60_000).toISOString() }))).toEqual(['Member page about collaboration']);
    await api.http.post(`/pages/${mine.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
  });

  it('never fails on odd queries: operators alone, broken syntax, % and _ literal', async () => {
    const odd = ['-', '--', '""', '"', '!', '&', '|', '&|!', '(', ')', '(((', ':*', "'", "''", '\\', 'or', 'OR OR', '-"', '- -x', '<->', 'a:*b', '%', '_', '%_%', '*', 'foo:*', 'fo!o', 'x & | y', '\u0000', '🙂', 'ß'];
    for (const q of odd) await search(api.owner, { q });
    // % and _ are not wildcards.
    expect((await search(api.owner, { q: '%' })).total).toBe(0);
    expect((await search(api.owner, { q: '_' })).total).toBe(0);
    expect(titles(await search(api.owner, { q: '100%' }))).toEqual(['Recipes']);
    expect(titles(await search(api.owner, { q: 'search_index' }))).toEqual(['Roadmap 2027']);
    // Only excluded words: every readable page without them.
    expect(titles(await search(member, { q: '-collaboration', limit: 50 })).sort()).toEqual(['Guest area', 'Kubernetes deployment', 'Recipes', 'Roadmap 2027']);
  });

  it('refuses bad parameters with 400 naming the field', async () => {
    await search(api.owner, { q: 'x'.repeat(256) });
    const cases: Array<[Record<string, string | number>, string]> = [
      [{ q: 'x'.repeat(257) }, 'query.q'],
      [{ limit: 0 }, 'query.limit'],
      [{ limit: 51 }, 'query.limit'],
      [{ limit: 'ten' }, 'query.limit'],
      [{ cursor: 'abc' }, 'query.cursor'],
      [{ under: 'nope' }, 'query.under'],
      [{ editedBy: 'nope' }, 'query.editedBy'],
      [{ from: 'yesterday' }, 'query.from'],
      [{ trash: 'yes' }, 'query.trash'],
      [{ sort: 'random' }, 'query.sort'],
    ];
    for (const [query, field] of cases) {
      const res = await api.http.get(`/workspaces/${ws}/search`).query(query).set('Authorization', api.owner.bearer);
      expect([res.status, Object.keys(res.body.error.fields ?? {})]).toEqual([400, [field]]);
    }
    const bad = await api.http.get('/workspaces/nope/search').set('Authorization', api.owner.bearer);
    expect(bad.status).toBe(400);
  });
});

describe('search and backlinks freshness', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ PERSIST_INTERVAL_MS: '300' }), { worker: true, ownerName: 'Grace' });
  });
  afterAll(() => world?.close());

  it('finds text typed through a socket within 2 s of it being saved', async () => {
    const { prisma, owner, workspaceId } = world;
    const page = await prisma.page.findFirstOrThrow({ where: { workspaceId } });
    const client = await world.client(page.id);
    await synced(client);
    const word = `quetzal${Date.now()}`;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`Spotted a ${word} near the lake`)]);
    client.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph]);
    await savedAll(client);
    const savedAt = Date.now();
    const find = async () => {
      const res = await apiCall(world.serverUrl(), owner, 'GET', `/workspaces/${workspaceId}/search?q=${word}`);
      return ((await res.json()) as SearchResponse).results.map((r) => r.id);
    };
    await waitUntil('the new text is searchable', async () => (await find()).includes(page.id), 15_000);
    console.log(`[search] text typed through a socket was searchable ${Date.now() - savedAt} ms after "saved"`);
    // And a later edit replaces what is searchable.
    paragraph.delete(0, 1);
    paragraph.insert(0, [new Y.XmlText('Nothing to see')]);
    await savedAll(client);
    await waitUntil('the old text is gone', async () => !(await find()).includes(page.id), 15_000);
  });

  it('"edited by" finds a page someone else created once a person typed in it or renamed it', async () => {
    const { prisma, owner, workspaceId } = world;
    const [typist, renamer] = [await signUp(world.serverUrl(), 'Typist'), await signUp(world.serverUrl(), 'Renamer')];
    await addCollabMember(prisma, workspaceId, typist, 'member');
    await addCollabMember(prisma, workspaceId, renamer, 'member');
    const [typed, renamed] = [await addPage(prisma, workspaceId), await addPage(prisma, workspaceId)];
    const editedBy = async (user: { id: string }) => {
      const res = await apiCall(world.serverUrl(), owner, 'GET', `/workspaces/${workspaceId}/search?editedBy=${user.id}`);
      return ((await res.json()) as SearchResponse).results.map((r) => r.id);
    };
    expect(await editedBy(typist)).toEqual([]);

    const client = await world.client(typed, { user: typist });
    await synced(client);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('A line by the typist')]);
    client.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph]);
    await savedAll(client);
    await waitUntil('the typist is an editor of the page', async () => (await editedBy(typist)).includes(typed), 15_000);
    expect(await editedBy(typist)).toEqual([typed]);

    const res = await apiCall(world.serverUrl(), renamer, 'PATCH', `/pages/${renamed}`, { title: 'Renamed by someone else' });
    expect(res.status).toBe(200);
    expect(await editedBy(renamer)).toEqual([renamed]);
  });

  it('updates "Linked from" when a link to another page is typed and removed', async () => {
    const { prisma, owner, workspaceId } = world;
    const source = await prisma.page.findFirstOrThrow({ where: { workspaceId, title: 'Doc' } });
    const target = await addPage(prisma, workspaceId);
    const client = await world.client(source.id);
    await synced(client);
    const linkText = new Y.XmlText();
    const linked = new Y.XmlElement('paragraph');
    linked.insert(0, [linkText]);
    client.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [linked]);
    linkText.insert(0, 'the other page', { link: { href: `https://tandem.example/w/${workspaceId}/p/${target}` } });
    await savedAll(client);
    const backlinks = async () => {
      const res = await apiCall(world.serverUrl(), owner, 'GET', `/pages/${target}/backlinks`);
      return ((await res.json()) as NavPagesResponse).pages.map((p) => p.id);
    };
    await waitUntil('the link is listed', async () => (await backlinks()).includes(source.id), 2_000);
    client.doc.getXmlFragment(DOCUMENT_FIELD).delete(0, 1);
    await savedAll(client);
    await waitUntil('the link is gone', async () => (await backlinks()).length === 0, 2_000);
  });
});
