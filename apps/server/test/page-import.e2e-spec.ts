import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import * as Y from 'yjs';
import { yDocToJSON, yDocToText } from '@tandem/editor';
import { ApiLimits, type PageView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import { MarkdownImportPool } from '../src/documents/markdown-import.pool.js';
import { PrismaService } from '../src/infra/prisma.service.js';
import { signUp, type TestUser } from './support/accounts.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

// Page creation with starting content: the server builds the first Yjs document from Markdown or
// Tiptap JSON and stores it with the page, or creates nothing.
describe('page creation from imported content', () => {
  let app: INestApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let owner: TestUser;
  let ws: string;

  beforeAll(async () => {
    ({ app, prisma, http } = await openApi());
    owner = await signUp(app, 'import-owner');
    ws = await createWorkspace(app, owner);
  });
  afterAll(() => app.close());

  const create = (as: TestUser, workspaceId: string, body: object) => http.post(`/workspaces/${workspaceId}/pages`).set('Authorization', as.bearer).send(body);

  async function storedDoc(pageId: string): Promise<{ doc: Y.Doc; text: string; size: number; persistedUpTo: string }> {
    const row = await prisma.document.findUniqueOrThrow({ where: { pageId } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, row.state);
    expect(Buffer.from(row.stateVector)).toEqual(Buffer.from(Y.encodeStateVector(doc)));
    return { doc, text: row.text, size: row.size, persistedUpTo: row.persistedUpTo };
  }

  const pageCount = (workspaceId: string) => prisma.page.count({ where: { workspaceId } });

  it('builds the document from Markdown and fills its text for search', async () => {
    const markdown = '# Launch plan\n\nShip the **editor** by [Friday](https://example.com).\n\n- [ ] write docs\n- [x] fix bugs\n';
    const res = await create(owner, ws, { title: 'Plan', content: { kind: 'markdown', content: markdown } }).expect(201);
    const page = res.body as PageView;
    expect(page).toMatchObject({ title: 'Plan', workspaceId: ws, role: 'full_access' });
    const stored = await storedDoc(page.id);
    expect(yDocToText(stored.doc)).toBe('Launch plan\nShip the editor by Friday.\nwrite docs\nfix bugs');
    expect(stored.text).toBe(yDocToText(stored.doc));
    expect(stored.persistedUpTo).toBe('0-0');
    const json = yDocToJSON(stored.doc);
    expect(json.content?.[0]).toMatchObject({ type: 'heading', attrs: { level: 1 } });
    expect(JSON.stringify(json)).toContain('"type":"bold"');
    expect(JSON.stringify(json)).toContain('"href":"https://example.com"');
    expect(json.content?.map((n) => n.type)).toContain('taskList');
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'page.created', targetId: page.id } });
    expect(audit.metadata).toEqual({ content: 'markdown' });
  });

  it('builds the document from Tiptap JSON exactly as given', async () => {
    const content = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Template' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Owner: ' }, { type: 'text', marks: [{ type: 'italic' }], text: 'someone' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first step' }] }] }] },
      ],
    };
    const parent = await createPage(app, owner, ws, { title: 'Templates' });
    const res = await create(owner, ws, { parentId: parent.id, content: { kind: 'json', content } }).expect(201);
    expect(res.body).toMatchObject({ parentId: parent.id, title: '' });
    const stored = await storedDoc(res.body.id);
    expect(yDocToJSON(stored.doc)).toMatchObject(content);
    expect(stored.text).toBe('Template\nOwner: someone\nfirst step');
    expect(stored.size).toBe(Y.encodeStateAsUpdate(stored.doc).byteLength);
  });

  it('still starts a page without content from an empty document', async () => {
    const res = await create(owner, ws, { title: 'Blank' }).expect(201);
    const stored = await storedDoc(res.body.id);
    expect(stored.doc.share.size).toBe(0);
    expect(stored.text).toBe('');
  });

  it('refuses invalid content with 400 naming the field, and creates no page', async () => {
    const before = await pageCount(ws);
    const cases: Array<[object, string]> = [
      [{ content: { kind: 'html', content: '<p>x</p>' } }, 'body.content.kind'],
      [{ content: { kind: 'markdown' } }, 'body.content.content'],
      [{ content: { kind: 'markdown', content: 42 } }, 'body.content.content'],
      [{ content: { kind: 'markdown', content: 'x'.repeat(ApiLimits.pageContentMaxBytes + 1) } }, 'body.content.content'],
      // Counted in UTF-8 bytes: half as many two-byte characters already go over.
      [{ content: { kind: 'markdown', content: 'é'.repeat(ApiLimits.pageContentMaxBytes / 2 + 1) } }, 'body.content.content'],
      [{ content: { kind: 'markdown', content: 'ok', extra: true } }, 'body.content'],
      [{ content: { kind: 'json', content: '{"type":"doc"}' } }, 'body.content.content'],
      [{ content: { kind: 'json', content: { type: 'paragraph' } } }, 'body.content.content'],
      [{ content: { kind: 'json', content: { type: 'doc', content: [{ type: 'video', attrs: { src: 'x' } }] } } }, 'body.content.content'],
      [{ content: { kind: 'json', content: { type: 'doc', content: [{ type: 'heading', attrs: { level: 6 }, content: [{ type: 'text', text: 'h' }] }] } } }, 'body.content.content'],
      [
        { content: { kind: 'json', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] } } },
        'body.content.content',
      ],
      [{ content: { kind: 'json', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }], nested: 'x'.repeat(ApiLimits.pageContentMaxBytes) } } }, 'body.content.content'],
      // Nested far past the depth limit (would overflow the stack of a recursive walk).
      [{ content: { kind: 'json', content: JSON.parse(`{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(1000)}{"type":"paragraph"}${']}'.repeat(1000)}]}`) } }, 'body.content.content'],
    ];
    for (const [body, field] of cases) {
      const res = await create(owner, ws, { title: 'should not exist', ...body });
      expect({ status: res.status, code: res.body.error?.code, body }).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(await pageCount(ws)).toBe(before);
    expect(await prisma.page.count({ where: { workspaceId: ws, title: 'should not exist' } })).toBe(0);
  });

  it('imports a sizeable Markdown file', async () => {
    const line = 'A line of imported notes, long enough to matter.\n\n';
    const markdown = line.repeat(600);
    const res = await create(owner, ws, { title: 'Big import', content: { kind: 'markdown', content: markdown } }).expect(201);
    const stored = await storedDoc(res.body.id);
    expect(stored.text.split('\n')).toHaveLength(600);
  });

  it('refuses Markdown too costly to parse with 400, without stalling the server meanwhile', async () => {
    const before = await pageCount(ws);
    // 64 KiB of one-letter paragraphs: Tiptap's tokenizers make this minutes of CPU.
    const order: string[] = [];
    const pending = create(owner, ws, { title: 'slow', content: { kind: 'markdown', content: 'a\n\n'.repeat(21_000) } }).then((res) => {
      order.push('import');
      return res;
    });
    // Once a pool thread is running the parse (busy, nothing queued), the tree is still answered
    // before it ends, because the parse runs off the event loop.
    const pool = (app.get(MarkdownImportPool) as unknown as { pool: { threads: unknown[]; idleThreads: number; queueSize: number } }).pool;
    await waitUntil('the import running in a pool thread', async () => pool.threads.length - pool.idleThreads >= 1 && pool.queueSize === 0 && order.length === 0, 10_000);
    await http.get(`/workspaces/${ws}/pages`).set('Authorization', owner.bearer).expect(200);
    order.push('tree');
    const res = await pending;
    expect(order).toEqual(['tree', 'import']);
    expect(res.status).toBe(400);
    expect(res.body.error.fields['body.content.content']).toMatch(/took longer than/);
    expect(await pageCount(ws)).toBe(before);
  });

  it('bounds what imports can cost: 2 threads and 8 waiting at most, more are told 503 at once, nothing is created', async () => {
    const before = await pageCount(ws);
    const costly = { kind: 'markdown', content: 'a\n\n'.repeat(21_000) };
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        create(owner, ws, { title: `costly ${i}`, content: costly }).then((res) => ({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'], ms: Date.now() - started })),
      ),
    );
    const busy = answers.filter((a) => a.status === 503);
    const timedOut = answers.filter((a) => a.status === 400);
    // MARKDOWN_IMPORT_THREADS = 2 running + MARKDOWN_IMPORT_QUEUE = 8 waiting; the other 4 wait for nothing.
    expect(busy).toHaveLength(4);
    expect(timedOut).toHaveLength(10);
    for (const a of busy) {
      expect(a.body.error.code).toBe('service_unavailable');
      expect(a.retryAfter).toBe('5');
      expect(a.ms).toBeLessThan(4000);
    }
    for (const a of timedOut) expect(a.body.error.fields['body.content.content']).toMatch(/took longer than 5 s/);
    expect(await pageCount(ws)).toBe(before);
    // The pool is free again afterwards.
    await create(owner, ws, { title: 'after', content: { kind: 'markdown', content: '# fine' } }).expect(201);
  });

  it('gives people without the right to create the same answer as for a plain page, and creates nothing', async () => {
    const guest = await addMember(app, ws, 'guest', 'import-guest');
    const viewerGuest = await addMember(app, ws, 'guest', 'import-viewer');
    const shared = await createPage(app, owner, ws, { title: 'Shared' });
    await prisma.pageShare.create({ data: { pageId: shared.id, userId: viewerGuest.id, role: 'viewer' } });
    const outsider = await signUp(app, 'import-outsider');
    const content = { kind: 'markdown', content: '# not allowed' };
    const before = await pageCount(ws);

    for (const [as, body, status] of [
      [guest, {}, 403],
      [viewerGuest, { parentId: shared.id }, 403],
      [outsider, {}, 404],
    ] as const) {
      const plain = await create(as, ws, { title: 'plain', ...body });
      const imported = await create(as, ws, { title: 'imported', ...body, content });
      expect([plain.status, imported.status]).toEqual([status, status]);
      expect(imported.body.error.code).toBe(plain.body.error.code);
      // Access is decided before content is looked at: bad JSON content still gets the access answer.
      const bad = await create(as, ws, { ...body, content: { kind: 'json', content: { type: 'nope' } } });
      expect(bad.status).toBe(status);
    }
    expect(await pageCount(ws)).toBe(before);
  });
});
