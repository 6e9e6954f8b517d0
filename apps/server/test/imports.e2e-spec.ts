import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { yDocToJSON, yDocToText } from '@tandem/editor';
import type { ImportSummary } from '@tandem/protocol';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import yazl from 'yazl';
import { signUp, type TestUser } from './support/accounts.js';
import { png } from './support/images.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

// Imports (issue 16): a Notion "Markdown & CSV" export and a plain folder of Markdown files become
// nested pages with page links and uploaded images; zip bombs, paths outside the zip, bad text and
// unknown formats are refused with nothing created; and an exported workspace imports back the same.

function zip(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) file.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

const N1 = '0123456789abcdef0123456789abcdef';
const N2 = 'fedcba9876543210fedcba9876543210';

describe('imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-imports-'));
  const saved = { ...process.env };
  let api: Awaited<ReturnType<typeof openApi>>;
  let owner: TestUser;

  beforeAll(async () => {
    // A loaded 2-core CI box can take seconds to start a Markdown thread: the per-page parse limit is
    // raised so the suite tests imports, not the machine's load.
    Object.assign(process.env, { STORAGE_DRIVER: 'local', STORAGE_LOCAL_DIR: dir, IMPORT_MAX_ENTRIES: '40', IMPORT_MAX_UNPACKED_BYTES: String(1024 * 1024), MARKDOWN_IMPORT_TIME_LIMIT_MS: '60000' });
    api = await openApi();
    owner = await signUp(api.app, 'import-owner');
  });
  afterAll(async () => {
    await api.app.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (as: TestUser, ws: string, bytes: Buffer, name: string, parentId?: string) =>
    api.http
      .post(`/workspaces/${ws}/imports${parentId ? `?parentId=${parentId}` : ''}`)
      .set('Authorization', as.bearer)
      .attach('file', bytes, name);

  async function tree(ws: string): Promise<Array<{ id: string; title: string; parentId: string | null; json: JSONContent; text: string }>> {
    const pages = await api.prisma.page.findMany({ where: { workspaceId: ws }, include: { document: true }, orderBy: [{ parentId: 'asc' }, { position: 'asc' }] });
    return pages.map((p) => {
      const doc = new Y.Doc();
      if (p.document) Y.applyUpdate(doc, p.document.state);
      return { id: p.id, title: p.title, parentId: p.parentId, json: yDocToJSON(doc), text: yDocToText(doc) };
    });
  }
  const counts = async (ws: string) => ({ pages: await api.prisma.page.count({ where: { workspaceId: ws } }), files: await api.prisma.file.count({ where: { workspaceId: ws } }) });

  it('imports a Notion export: ids stripped, hierarchy kept, links to pages, images uploaded, CSV skipped', async () => {
    const ws = await createWorkspace(api.app, owner, 'Notion');
    const sunset = png(8, 5, [240, 100, 20]);
    const bytes = await zip({
      [`Trip ${N1}.md`]: `# Trip\n\nSee [Flights](Trip%20${N1}/Flights%20${N2}.md) first.\n\n![sunset](Trip%20${N1}/sunset.png)\n`,
      [`Trip ${N1}/Flights ${N2}.md`]: `# Flights\n\nBoarding at 7. Keep the [tickets](tickets.pdf).\n`,
      [`Trip ${N1}/sunset.png`]: sunset,
      [`Trip ${N1}/tickets.pdf`]: Buffer.from('%PDF-1.4 tickets'),
      [`Trip ${N1}/Packing ${N2}.csv`]: 'Item,Done\nHat,No\n',
    });
    const res = await send(owner, ws, bytes, 'Export-notion.zip').expect(201);
    const summary = res.body as ImportSummary;
    expect(summary).toMatchObject({ pagesCreated: 2, filesUploaded: 2 });
    expect(summary.skipped).toEqual([{ path: `Trip ${N1}/Packing ${N2}.csv`, reason: expect.stringMatching(/CSV/) }]);
    const pages = await tree(ws);
    const trip = pages.find((p) => p.title === 'Trip')!;
    const flights = pages.find((p) => p.title === 'Flights')!;
    expect(summary.rootPageIds).toEqual([trip.id]);
    expect(flights.parentId).toBe(trip.id);
    // The title came from the heading, which is not repeated in the body.
    expect(trip.text.startsWith('See Flights first.')).toBe(true);
    const link = JSON.stringify(trip.json);
    expect(link).toContain(`/w/${ws}/p/${flights.id}`);
    expect(await api.prisma.pageLink.count({ where: { sourceId: trip.id, targetId: flights.id } })).toBe(1);
    const image = trip.json.content!.find((n) => n.type === 'image')!;
    const file = await api.prisma.file.findFirstOrThrow({ where: { pageId: trip.id } });
    expect(image.attrs!.src).toBe(`/api/files/${file.id}/content`);
    expect(file).toMatchObject({ name: 'sunset.png', mime: 'image/png', width: 8, height: 5 });
    const downloaded = await api.http.get(`/files/${file.id}/content`).set('Authorization', owner.bearer).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(Buffer.compare(downloaded.body as Buffer, sunset)).toBe(0);
    const ticket = await api.prisma.file.findFirstOrThrow({ where: { pageId: flights.id } });
    expect(JSON.stringify(flights.json)).toContain(`/api/files/${ticket.id}/content`);
  });

  it('imports a folder of Markdown under a page: folders become pages, relative links page links', async () => {
    const ws = await createWorkspace(api.app, owner, 'Folders');
    const parent = await createPage(api.app, owner, ws, { title: 'Imported' });
    const bytes = await zip({
      'Notes.md': 'Top notes.\n',
      'Notes/Ideas.md': '# Ideas\n\nBack to [the notes](../Notes.md). A [site](https://example.com).\n',
      'Archive/2020/Old.md': 'Old things.\n',
    });
    const summary = (await send(owner, ws, bytes, 'notes.zip', parent.id).expect(201)).body as ImportSummary;
    expect(summary.pagesCreated).toBe(5);
    const pages = await tree(ws);
    const byTitle = new Map(pages.map((p) => [p.title, p]));
    expect(byTitle.get('Notes')!.parentId).toBe(parent.id);
    expect(byTitle.get('Ideas')!.parentId).toBe(byTitle.get('Notes')!.id);
    expect(byTitle.get('Archive')!.parentId).toBe(parent.id);
    expect(byTitle.get('2020')!.parentId).toBe(byTitle.get('Archive')!.id);
    expect(byTitle.get('Old')!.parentId).toBe(byTitle.get('2020')!.id);
    const ideas = JSON.stringify(byTitle.get('Ideas')!.json);
    expect(ideas).toContain(`/w/${ws}/p/${byTitle.get('Notes')!.id}`);
    expect(ideas).toContain('https://example.com');
    // A single Markdown file works too.
    await send(owner, ws, Buffer.from('# Lone\n\nJust one.\n'), 'lone.md').expect(201);
    expect((await tree(ws)).some((p) => p.title === 'Lone' && p.text === 'Just one.')).toBe(true);
  });

  it('refuses zip bombs, paths outside the zip, bad text and unknown formats, creating nothing', async () => {
    const ws = await createWorkspace(api.app, owner, 'Refusals');
    const before = await counts(ws);
    const bomb = await zip({ 'a.md': 'x', 'big.bin': Buffer.alloc(2 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await send(owner, ws, bomb, 'bomb.zip').expect(400)).body.error.fields.file).toMatch(/unpacks to more than 1 MB/);
    const many = await zip(Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`p${i}.md`, `page ${i}`])));
    expect((await send(owner, ws, many, 'many.zip').expect(400)).body.error.fields.file).toMatch(/41 entries/);
    // yazl won't write "..", so the name is patched in the bytes (local header and directory alike).
    const climbing = Buffer.from((await zip({ 'a/XX/evil.md': 'evil', 'ok.md': 'fine' })).toString('latin1').replaceAll('a/XX/evil.md', 'a/../../e.md'), 'latin1');
    expect((await send(owner, ws, climbing, 'climb.zip').expect(400)).body.error.fields.file).toMatch(/outside its folder/);
    const latin1 = await zip({ 'bad.md': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) });
    expect((await send(owner, ws, latin1, 'latin.zip').expect(400)).body.error.fields.file).toMatch(/not valid UTF-8/);
    await send(owner, ws, png(2, 2), 'picture.png').expect(400);
    await send(owner, ws, Buffer.from('PK\u0003\u0004 not really a zip'), 'broken.zip').expect(400);
    expect(await counts(ws)).toEqual(before);
  });

  it('imports HTML: a single file, and HTML pages in a zip with links between them and their images', async () => {
    const ws = await createWorkspace(api.app, owner, 'HTML');
    const single = '<!doctype html><html><head><title>ignored</title><style>p { color: red }</style><script>alert(1)</script></head><body><h1>Recipes</h1><p>A <strong>good</strong> soup.</p><ul><li>Leeks</li><li>Potatoes</li></ul><p><a href="https://example.com/soup">Source</a></p></body></html>';
    expect((await send(owner, ws, Buffer.from(single), 'recipes.html').expect(201)).body).toMatchObject({ pagesCreated: 1, skipped: [] });
    const recipes = (await tree(ws)).find((p) => p.title === 'Recipes')!;
    for (const text of ['A good soup.', 'Leeks', 'Potatoes', 'Source']) expect(recipes.text).toContain(text);
    // Nothing of the head (title, style, script) is content.
    for (const text of ['ignored', 'color', 'alert']) expect(recipes.text).not.toContain(text);
    expect(recipes.json.content!.some((n) => n.type === 'bulletList')).toBe(true);
    expect(JSON.stringify(recipes.json)).toContain('https://example.com/soup');
    expect(JSON.stringify(recipes.json)).not.toContain('alert');

    const bytes = await zip({
      'Site/Index.html': '<h1>Index</h1><p>Read <a href="Guide%20one.html">the guide</a>.</p><p><img src="img/logo.png" alt="logo"></p>',
      'Site/Guide one.html': '<h1>Guide</h1><p>Back to <a href="Index.html">the index</a>.</p>',
      'Site/img/logo.png': png(6, 4),
      'Site/Index.md': '# Index twin\n',
    });
    const summary = (await send(owner, ws, bytes, 'site.zip').expect(201)).body as ImportSummary;
    // The image only the skipped HTML showed is not uploaded.
    expect(summary).toMatchObject({ pagesCreated: 3, filesUploaded: 0 });
    expect(summary.skipped).toEqual([{ path: 'Site/Index.html', reason: 'A Markdown file of the same name (Site/Index.md) was imported instead.' }]);
    const pages = await tree(ws);
    const guide = pages.find((p) => p.title === 'Guide')!;
    const twin = pages.find((p) => p.title === 'Index twin')!;
    expect(guide.parentId).toBe(pages.find((p) => p.title === 'Site')!.id);
    expect(JSON.stringify(guide.json)).toContain(`/w/${ws}/p/${twin.id}`);

    // Without the twin, the HTML index links to the guide and shows its uploaded image.
    const ws2 = await createWorkspace(api.app, owner, 'HTML 2');
    await send(owner, ws2, await zip({ 'Index.html': '<h1>Index</h1><p>Read <a href="Guide%20one.html">the guide</a>.</p><p><img src="img/logo.png" alt="logo"></p>', 'Guide one.html': '<h1>Guide</h1>', 'img/logo.png': png(6, 4) }), 'site.zip').expect(201);
    const pages2 = await tree(ws2);
    const index = pages2.find((p) => p.title === 'Index')!;
    expect(JSON.stringify(index.json)).toContain(`/w/${ws2}/p/${pages2.find((p) => p.title === 'Guide')!.id}`);
    const logo = await api.prisma.file.findFirstOrThrow({ where: { pageId: index.id } });
    expect(logo).toMatchObject({ name: 'logo.png', mime: 'image/png', width: 6, height: 4 });
    expect(index.json.content!.some((n) => n.type === 'image' && n.attrs!.src === `/api/files/${logo.id}/content`)).toBe(true);
  });

  it('refuses deeply nested HTML and HTML that is not UTF-8, creating nothing', async () => {
    const ws = await createWorkspace(api.app, owner, 'HTML refusals');
    const before = await counts(ws);
    const deep = `<p>ok</p>${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}`;
    const nested = await send(owner, ws, await zip({ 'fine.md': 'Fine.\n', 'deep.html': deep }), 'deep.zip').expect(400);
    expect(nested.body.error.fields.file).toBe('deep.html nests its elements 5000 deep; imports take at most 200 levels');
    const latin1 = await send(owner, ws, Buffer.from([0x3c, 0x70, 0x3e, 0x63, 0x61, 0x66, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]), 'cafe.html').expect(400);
    expect(latin1.body.error.fields.file).toBe('cafe.html is not valid UTF-8 text');
    expect(await counts(ws)).toEqual(before);
  });

  it('lets only editors import, and guests only under pages shared with them', async () => {
    const ws = await createWorkspace(api.app, owner, 'Roles');
    const page = await createPage(api.app, owner, ws, { title: 'Shared' });
    const guest = await addMember(api.app, ws, 'guest', 'import-guest');
    const bytes = Buffer.from('Hello.\n');
    await send(guest, ws, bytes, 'x.md').expect(403);
    await send(guest, ws, bytes, 'x.md', page.id).expect(400);
    await api.prisma.pageShare.create({ data: { pageId: page.id, userId: guest.id, role: 'viewer', createdById: owner.id } });
    await send(guest, ws, bytes, 'x.md', page.id).expect(403);
    await api.prisma.pageShare.updateMany({ where: { pageId: page.id, userId: guest.id }, data: { role: 'editor' } });
    await send(guest, ws, bytes, 'x.md', page.id).expect(201);
  });

  it('round trip: a workspace exported as Markdown imports back with the same tree, titles and text', async () => {
    const source = await createWorkspace(api.app, owner, 'Source');
    await send(
      owner,
      source,
      await zip({
        [`Trip ${N1}.md`]: `# Trip\n\nSee [Flights](Trip%20${N1}/Flights%20${N2}.md).\n\n![sunset](Trip%20${N1}/sunset.png)\n`,
        [`Trip ${N1}/Flights ${N2}.md`]: '# Flights\n\n- Boarding at 7\n- Gate B\n',
        [`Trip ${N1}/sunset.png`]: png(3, 3, [1, 2, 3]),
        'Recipes.md': '# Recipes\n\n| Dish | Time |\n| --- | --- |\n| Soup | 20 |\n',
      }),
      'export.zip',
    ).expect(201);
    const exported = await api.http
      .get(`/workspaces/${source}/export?format=markdown`)
      .set('Authorization', owner.bearer)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const target = await createWorkspace(api.app, owner, 'Target');
    const summary = (await send(owner, target, exported.body as Buffer, 'workspace.zip').expect(201)).body as ImportSummary;
    expect(summary).toMatchObject({ pagesCreated: 3, filesUploaded: 1, skipped: [] });
    const shape = async (ws: string) => {
      const pages = await tree(ws);
      const title = new Map(pages.map((p) => [p.id, p.title]));
      return pages.map((p) => ({ title: p.title, parent: p.parentId ? title.get(p.parentId) : null, text: p.text, images: (p.json.content ?? []).filter((n) => n.type === 'image').length })).sort((a, b) => a.title.localeCompare(b.title));
    };
    expect(await shape(target)).toEqual(await shape(source));
    // Links between pages point at the new workspace's pages.
    const trip = await api.prisma.page.findFirstOrThrow({ where: { workspaceId: target, title: 'Trip' } });
    const flights = await api.prisma.page.findFirstOrThrow({ where: { workspaceId: target, title: 'Flights' } });
    expect(await api.prisma.pageLink.count({ where: { sourceId: trip.id, targetId: flights.id } })).toBe(1);
  });
});
