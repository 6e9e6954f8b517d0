import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileContentUrl, yDocFromJSON } from '@tandem/editor';
import type { FileView } from '@tandem/protocol';
import type { JSONContent } from '@tiptap/core';
import request from 'supertest';
import * as Y from 'yjs';
import yauzl from 'yauzl';
import { signUp, type TestUser } from './support/accounts.js';
import { png } from './support/images.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

// Exports (issue 16): a page, a page with its sub-pages and a whole workspace as a Markdown zip
// (folders, relative links, the uploaded files) or one self-contained HTML file.

function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('exports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-exports-'));
  const saved = { ...process.env };
  let api: Awaited<ReturnType<typeof openApi>>;
  let owner: TestUser;
  let ws: string;
  let trip: string;
  let flights: string;
  let day: string;
  let image: Buffer;
  let photo: FileView;
  let tickets: FileView;

  const text = (t: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
  const save = async (pageId: string, content: JSONContent[]) => {
    const state = Buffer.from(Y.encodeStateAsUpdate(yDocFromJSON({ type: 'doc', content })));
    await api.prisma.document.upsert({
      where: { pageId },
      create: { pageId, state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length, persistedUpTo: '0-0', text: '' },
      update: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length },
    });
  };
  const upload = async (pageId: string, bytes: Buffer, name: string) => {
    const res = await api.http.post(`/pages/${pageId}/files`).set('Authorization', owner.bearer).attach('file', bytes, name).expect(201);
    return res.body as FileView;
  };

  beforeAll(async () => {
    Object.assign(process.env, { STORAGE_DRIVER: 'local', STORAGE_LOCAL_DIR: dir });
    api = await openApi();
    owner = await signUp(api.app, 'export-owner');
    ws = await createWorkspace(api.app, owner);
    trip = (await createPage(api.app, owner, ws, { title: 'Trip' })).id;
    flights = (await createPage(api.app, owner, ws, { title: 'Flights', parentId: trip })).id;
    day = (await createPage(api.app, owner, ws, { title: 'Day 1', parentId: flights })).id;
    await createPage(api.app, owner, ws, { title: 'Trip' });
    image = png(6, 4, [250, 120, 0]);
    photo = await upload(trip, image, 'sunset.png');
    tickets = await upload(flights, Buffer.from('%PDF-1.4\n tickets'), 'tickets.pdf');
    await save(trip, [
      { type: 'paragraph', content: [text('See '), text('the flights', [{ type: 'link', attrs: { href: `http://localhost:3000/w/${ws}/p/${flights}` } }]), text(' and <script>alert(1)</script>.')] },
      { type: 'image', attrs: { src: fileContentUrl(photo.id), fileId: photo.id, alt: 'sunset' } },
    ]);
    await save(flights, [{ type: 'fileAttachment', attrs: { fileId: tickets.id, name: tickets.name, size: tickets.size, mime: tickets.mime } }]);
    await save(day, [{ type: 'paragraph', content: [text('Beach day.')] }]);
  });
  afterAll(async () => {
    await api.app.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a page with its sub-pages as Markdown in folders, with relative links and the files', async () => {
    const res = await binary(api.http.get(`/pages/${trip}/export?format=markdown&subpages=true`).set('Authorization', owner.bearer)).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Trip.zip"/);
    const entries = await unzip(res.body as Buffer);
    const photoPath = `_files/${photo.id.slice(0, 8)}-sunset.png`;
    const ticketsPath = `_files/${tickets.id.slice(0, 8)}-tickets.pdf`;
    expect([...entries.keys()].sort()).toEqual(['Trip.md', 'Trip/Flights.md', 'Trip/Flights/Day 1.md', photoPath, ticketsPath].sort());
    const tripMd = entries.get('Trip.md')!.toString();
    expect(tripMd).toMatch(/^# Trip\n/);
    expect(tripMd).toContain('[the flights](Trip/Flights.md)');
    expect(tripMd).toContain(`![sunset](${photoPath})`);
    expect(entries.get('Trip/Flights.md')!.toString()).toContain(`[📎 tickets.pdf](../${ticketsPath})`);
    expect(entries.get('Trip/Flights/Day 1.md')!.toString()).toContain('Beach day.');
    expect(Buffer.compare(entries.get(photoPath)!, image)).toBe(0);

    // Without sub-pages: the page alone, its link to Flights left as it was.
    const alone = await unzip((await binary(api.http.get(`/pages/${trip}/export`).set('Authorization', owner.bearer)).expect(200)).body as Buffer);
    expect([...alone.keys()].sort()).toEqual(['Trip.md', photoPath]);
    expect(alone.get('Trip.md')!.toString()).toContain(`/w/${ws}/p/${flights}`);
  });

  it('exports one self-contained HTML file: images embedded, page links as anchors, typed tags as text', async () => {
    const res = await binary(api.http.get(`/pages/${trip}/export?format=html&subpages=true`).set('Authorization', owner.bearer)).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Trip.html"/);
    const html = (res.body as Buffer).toString();
    expect(html).toContain(`<section id="page-${trip}">`);
    expect(html).toContain(`<section id="page-${day}">`);
    expect(html).toContain(`src="data:image/png;base64,${image.toString('base64')}"`);
    expect(html).toContain(`href="#page-${flights}"`);
    expect(html).toMatch(/download="tickets.pdf"/);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('/api/files/');
  });

  it('exports the whole workspace for owners and admins only, names made unique', async () => {
    const entries = await unzip((await binary(api.http.get(`/workspaces/${ws}/export?format=markdown`).set('Authorization', owner.bearer)).expect(200)).body as Buffer);
    expect([...entries.keys()].filter((k) => k.endsWith('.md')).sort()).toEqual(['Trip (2).md', 'Trip.md', 'Trip/Flights.md', 'Trip/Flights/Day 1.md']);
    const member = await addMember(api.app, ws, 'member', 'export-member');
    await api.http.get(`/workspaces/${ws}/export`).set('Authorization', member.bearer).expect(403);
    await api.http.get(`/workspaces/${ws}/export?format=pdf`).set('Authorization', owner.bearer).expect(400);
  });

  it("exports only what a guest can read", async () => {
    const guest = await addMember(api.app, ws, 'guest', 'export-guest');
    await api.prisma.pageShare.create({ data: { pageId: flights, userId: guest.id, role: 'viewer', createdById: owner.id } });
    await api.http.get(`/pages/${trip}/export`).set('Authorization', guest.bearer).expect(404);
    const entries = await unzip((await binary(api.http.get(`/pages/${flights}/export?subpages=true`).set('Authorization', guest.bearer)).expect(200)).body as Buffer);
    expect([...entries.keys()].sort()).toEqual(['Flights.md', 'Flights/Day 1.md', `_files/${tickets.id.slice(0, 8)}-tickets.pdf`]);
  });
});
