import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { FileView } from '@tandem/protocol';
import { hashSecret, newSecret } from '../src/access/tokens.js';
import { PrismaService } from '../src/infra/prisma.service.js';
import { signUp, type TestUser } from './support/accounts.js';
import { png } from './support/images.js';
import { startS3, type TestS3 } from './support/s3-server.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

// Uploads and downloads through the API with both storage drivers: local disk, and S3 against a
// real S3-protocol server (s3rver) started here. Limits are set small so they are cheap to reach.
const MAX_FILE = 64 * 1024;
const MAX_WORKSPACE = 160 * 1024;
const UPLOADS_PER_MINUTE = 20;

interface Api {
  app: INestApplication;
  prisma: PrismaService;
  http: ReturnType<typeof request>;
}

async function openWith(env: Record<string, string>): Promise<Api> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await openApi();
  } finally {
    process.env = saved;
  }
}

const LIMITS = {
  STORAGE_MAX_FILE_BYTES: String(MAX_FILE),
  STORAGE_MAX_WORKSPACE_BYTES: String(MAX_WORKSPACE),
  STORAGE_UPLOADS_PER_MINUTE: String(UPLOADS_PER_MINUTE),
};

function upload(api: Api, as: TestUser | null, pageId: string, bytes: Buffer, filename: string, contentType = 'application/octet-stream') {
  const req = api.http.post(`/pages/${pageId}/files`);
  if (as) req.set('Authorization', as.bearer);
  return req.attach('file', bytes, { filename, contentType });
}

function download(api: Api, as: TestUser | null, fileId: string, share?: string) {
  const req = api.http.get(`/files/${fileId}/content${share ? `?share=${share}` : ''}`).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  if (as) req.set('Authorization', as.bearer);
  return req;
}

describe('files: local disk driver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-files-'));
  let api: Api;
  let owner: TestUser;
  let ws: string;
  let pageId: string;

  beforeAll(async () => {
    api = await openWith({ ...LIMITS, STORAGE_DRIVER: 'local', STORAGE_LOCAL_DIR: dir });
    owner = await signUp(api.app, 'files-owner');
    ws = await createWorkspace(api.app, owner);
    pageId = (await createPage(api.app, owner, ws, { title: 'With files' })).id;
  });
  afterAll(async () => {
    await api.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const storedFiles = () => (existsSync(join(dir, ws)) ? readdirSync(join(dir, ws)) : []);

  it('stores an image, sniffs its type and size, and serves the same bytes inline', async () => {
    const image = png(3, 2);
    // The client's name and type are lies: the name climbs directories, the type says HTML.
    const res = await upload(api, owner, pageId, image, '../../etc/shot.png', 'text/html').expect(201);
    const view = res.body as FileView;
    expect(view).toMatchObject({ pageId, name: 'shot.png', size: image.length, mime: 'image/png', disposition: 'inline', width: 3, height: 2, url: `/files/${view.id}/content` });
    expect(storedFiles()).toEqual([view.id]);

    const got = await download(api, owner, view.id).expect(200);
    expect(Buffer.compare(got.body as Buffer, image)).toBe(0);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`inline; filename="shot.png"; filename*=UTF-8''shot.png`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toContain('sandbox');

    const list = await api.http.get(`/pages/${pageId}/files`).set('Authorization', owner.bearer).expect(200);
    expect((list.body.files as FileView[]).map((f) => f.id)).toContain(view.id);
  });

  it('never serves SVG, HTML or unknown bytes inline, whatever the client said', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]);
    for (const [bytes, name] of [
      [svg, 'logo.svg'],
      [html, 'page.html'],
      [binary, 'blob.png'],
    ] as const) {
      const res = await upload(api, owner, pageId, bytes, name, 'image/png').expect(201);
      const view = res.body as FileView;
      expect({ name, inline: view.disposition, image: view.mime.startsWith('image/') }).toEqual({ name, inline: 'attachment', image: false });
      const got = await download(api, owner, view.id).expect(200);
      expect(got.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(got.headers['content-type']).not.toMatch(/^(image|text\/html)/);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    }
    const unknown = await upload(api, owner, pageId, binary, 'x.bin').expect(201);
    expect(unknown.body.mime).toBe('application/octet-stream');
  });

  it('refuses images that claim a huge canvas, and damaged ones, storing nothing', async () => {
    const before = storedFiles().length;
    const bomb = png(1, 1, [0, 0, 0], { width: 50_000, height: 50_000 });
    const res = await upload(api, owner, pageId, bomb, 'bomb.png').expect(400);
    expect(res.body.error.message).toMatch(/16384 pixels/);
    const damaged = png(4, 4).subarray(0, 20);
    await upload(api, owner, pageId, damaged, 'damaged.png').expect(400);
    expect(storedFiles().length).toBe(before);
  });

  it('refuses a file over the per-file limit, and bad requests, with clear errors', async () => {
    const before = storedFiles().length;
    const big = await upload(api, owner, pageId, Buffer.alloc(MAX_FILE + 1, 7), 'big.bin').expect(413);
    expect(big.body.error.code).toBe('payload_too_large');
    expect(big.body.error.message).toMatch(/64 KB/);
    await upload(api, owner, pageId, Buffer.alloc(MAX_FILE, 7), 'exact.bin').expect(201);
    const notMultipart = await api.http.post(`/pages/${pageId}/files`).set('Authorization', owner.bearer).send({ file: 'x' }).expect(400);
    expect(notMultipart.body.error.fields.body).toMatch(/multipart/);
    const wrongField = await api.http.post(`/pages/${pageId}/files`).set('Authorization', owner.bearer).attach('other', Buffer.from('x'), 'x.txt').expect(400);
    expect(wrongField.body.error.fields.file).toMatch(/required/);
    await upload(api, owner, pageId, Buffer.alloc(0), 'empty.txt').expect(400);
    await api.http.post(`/pages/not-a-page/files`).set('Authorization', owner.bearer).attach('file', Buffer.from('x'), 'x.txt').expect(400);
    await download(api, owner, 'not-an-id').expect(404);
    expect(storedFiles().length).toBe(before + 1);
  });

  it('keeps a workspace under its storage limit', async () => {
    const person = await signUp(api.app, 'files-quota');
    const other = await createWorkspace(api.app, person, 'Full');
    const page = (await createPage(api.app, person, other, { title: 'Big' })).id;
    await upload(api, person, page, Buffer.alloc(MAX_FILE, 1), 'a.bin').expect(201);
    await upload(api, person, page, Buffer.alloc(MAX_FILE, 2), 'b.bin').expect(201);
    const full = await upload(api, person, page, Buffer.alloc(MAX_FILE, 3), 'c.bin').expect(413);
    expect(full.body.error.message).toMatch(/storage/);
    expect(await api.prisma.file.count({ where: { workspaceId: other } })).toBe(2);
    expect(readdirSync(join(dir, other))).toHaveLength(2);
  });

  it('limits how fast one person uploads', async () => {
    const person = await signUp(api.app, 'files-fast');
    const own = await createWorkspace(api.app, person, 'Fast');
    const page = (await createPage(api.app, person, own)).id;
    const statuses: number[] = [];
    for (let i = 0; i <= UPLOADS_PER_MINUTE; i++) statuses.push((await upload(api, person, page, Buffer.from(`note ${i}`), `n${i}.txt`)).status);
    expect(statuses.slice(0, UPLOADS_PER_MINUTE).every((s) => s === 201)).toBe(true);
    expect(statuses[UPLOADS_PER_MINUTE]).toBe(429);
  });

  it('lets exactly the readers of the page download: roles, public links, trash and deletion', async () => {
    const parent = await createPage(api.app, owner, ws, { title: 'Shared parent' });
    const child = await createPage(api.app, owner, ws, { title: 'Child', parentId: parent.id });
    const sibling = await createPage(api.app, owner, ws, { title: 'Sibling' });
    const member = await addMember(api.app, ws, 'member', 'files-member');
    const guest = await addMember(api.app, ws, 'guest', 'files-guest');
    const outsider = await signUp(api.app, 'files-outsider');
    await api.prisma.pageShare.create({ data: { pageId: parent.id, userId: guest.id, role: 'viewer', createdById: owner.id } });
    const token = newSecret();
    await api.prisma.shareLink.create({ data: { pageId: parent.id, tokenHash: hashSecret(token), createdById: owner.id } });

    const inChild = (await upload(api, member, child.id, png(2, 2), 'child.png').expect(201)).body as FileView;
    const inSibling = (await upload(api, member, sibling.id, png(2, 2), 'sibling.png').expect(201)).body as FileView;
    // A viewer may read but not add; a stranger learns nothing.
    await upload(api, guest, child.id, png(2, 2), 'g.png').expect(403);
    await upload(api, outsider, child.id, png(2, 2), 'o.png').expect(404);
    await upload(api, null, child.id, png(2, 2), 'a.png').expect(401);

    const status = async (as: TestUser | null, file: FileView, share?: string) => (await download(api, as, file.id, share)).status;
    expect(await Promise.all([status(owner, inChild), status(member, inChild), status(guest, inChild), status(outsider, inChild), status(null, inChild)])).toEqual([200, 200, 200, 404, 401]);
    expect(await status(guest, inSibling)).toBe(404);
    // The public link of the parent reads its subtree's files, nothing else; a revoked one nothing.
    expect(await status(null, inChild, token)).toBe(200);
    expect(await status(null, inSibling, token)).toBe(404);
    expect(await status(null, inChild, newSecret())).toBe(404);

    // Trashed: the page's readers are now its owners and admins only, and so for its files.
    await api.http.post(`/pages/${child.id}/trash`).set('Authorization', owner.bearer).expect(204);
    expect(await Promise.all([status(owner, inChild), status(member, inChild), status(guest, inChild), status(null, inChild, token)])).toEqual([200, 404, 404, 404]);
    await api.http.post(`/pages/${child.id}/restore`).set('Authorization', owner.bearer).expect(200);
    expect(await status(member, inChild)).toBe(200);
    // Deleted: nobody; the row stays (page set null) for the orphan collector to remove the bytes.
    await api.http.post(`/pages/${child.id}/trash`).set('Authorization', owner.bearer).expect(204);
    await api.http.delete(`/pages/${child.id}`).set('Authorization', owner.bearer).expect(204);
    expect(await status(owner, inChild)).toBe(404);
    expect(await api.prisma.file.findUnique({ where: { id: inChild.id }, select: { pageId: true } })).toEqual({ pageId: null });
  });
});

describe('files: S3 driver against s3rver', () => {
  let s3: TestS3;
  let api: Api;
  let owner: TestUser;
  let pageId: string;

  beforeAll(async () => {
    s3 = await startS3();
    api = await openWith({
      ...LIMITS,
      STORAGE_DRIVER: 's3',
      STORAGE_S3_BUCKET: s3.bucket,
      STORAGE_S3_ENDPOINT: s3.endpoint,
      STORAGE_S3_ACCESS_KEY_ID: s3.accessKeyId,
      STORAGE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      STORAGE_S3_FORCE_PATH_STYLE: 'true',
    });
    owner = await signUp(api.app, 's3-owner');
    const ws = await createWorkspace(api.app, owner);
    pageId = (await createPage(api.app, owner, ws)).id;
  });
  afterAll(async () => {
    await api?.app.close();
    await s3?.stop();
  });

  it('stores uploads in the bucket and serves them back byte for byte', async () => {
    const image = png(5, 7, [10, 200, 30]);
    const view = (await upload(api, owner, pageId, image, 'green.png').expect(201)).body as FileView;
    expect(view).toMatchObject({ mime: 'image/png', width: 5, height: 7, disposition: 'inline' });
    const row = await api.prisma.file.findUniqueOrThrow({ where: { id: view.id } });
    // The object is in s3rver's store under the row's key.
    const objects = readdirSync(join(s3.dir, s3.bucket), { recursive: true }).map(String);
    expect(objects.some((o) => o.startsWith(row.key))).toBe(true);
    const got = await download(api, owner, view.id).expect(200);
    expect(Buffer.compare(got.body as Buffer, image)).toBe(0);

    const doc = Buffer.from('%PDF-1.4\n% not really a PDF but starts like one\n');
    const pdf = (await upload(api, owner, pageId, doc, 'notes.pdf').expect(201)).body as FileView;
    expect(pdf).toMatchObject({ mime: 'application/pdf', disposition: 'attachment' });
    const gotPdf = await download(api, owner, pdf.id).expect(200);
    expect(gotPdf.headers['content-disposition']).toMatch(/^attachment; filename="notes.pdf"/);
    expect(Buffer.compare(gotPdf.body as Buffer, doc)).toBe(0);
  });

  it('answers 404 when the bucket has lost a file, and refuses oversize uploads before storing', async () => {
    const view = (await upload(api, owner, pageId, Buffer.from('short lived'), 'gone.txt').expect(201)).body as FileView;
    const row = await api.prisma.file.findUniqueOrThrow({ where: { id: view.id } });
    const { FileStorage } = await import('../src/files/file-storage.js');
    await api.app.get(FileStorage).delete(row.key);
    await download(api, owner, view.id).expect(404);
    const count = await api.prisma.file.count({ where: { pageId } });
    await upload(api, owner, pageId, Buffer.alloc(MAX_FILE + 10, 1), 'big.bin').expect(413);
    expect(await api.prisma.file.count({ where: { pageId } })).toBe(count);
  });
});
