import { fileContentUrl, yDocFileIds, yDocToJSON } from '@tandem/editor';
import type { PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
import { png } from './support/images.js';
import { paragraph, readDocument, setDocument, stateOf } from './support/documents.js';
import { addMember, apiSuite, createPage, createWorkspace, titlesUnder } from './support/world.js';

// POST /pages/:id/duplicate (issue 18): a copy beside the original, "Copy of …", with the document
// as it is now (persisted state and the stream after it), icon, cover and options; with `subtree`
// the readable sub-pages too. Files the copy shows are copied (bytes and rows), not shared.
describe('duplicating pages', () => {
  const api = apiSuite('duplicate-owner');

  const setContent = (pageId: string, content: object[]) => setDocument(api.prisma, pageId, content);
  const contentOf = async (pageId: string) => {
    const { doc, text } = await readDocument(api.prisma, pageId);
    return { json: yDocToJSON(doc), fileIds: yDocFileIds(doc), text };
  };
  const duplicate = (pageId: string, bearer: string, body: object = {}) => api.http.post(`/pages/${pageId}/duplicate`).set('Authorization', bearer).send(body);

  it('copies one page after the original with its content (including unpersisted edits), icon, cover and options', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const first = await createPage(api.app, api.owner, ws, { title: 'First' });
    await createPage(api.app, api.owner, ws, { title: 'Last' });
    await createPage(api.app, api.owner, ws, { title: 'Child', parentId: first.id });
    await setContent(first.id, [paragraph('persisted line')]);
    // An acknowledged edit still in the Redis stream belongs in the copy too.
    const persisted = new Y.Doc();
    Y.applyUpdate(persisted, (await api.prisma.document.findUniqueOrThrow({ where: { pageId: first.id } })).state);
    persisted.getXmlFragment('default');
    const before = Y.encodeStateVector(persisted);
    const edited = new Y.Doc();
    Y.applyUpdate(edited, Y.encodeStateAsUpdate(persisted));
    Y.applyUpdate(edited, stateOf([paragraph('streamed line')]));
    await api.app.get(DocumentStreamRepository).append(first.id, Y.encodeStateAsUpdate(edited, before));
    await api.http.patch(`/pages/${first.id}`).set('Authorization', api.owner.bearer).send({ icon: '🧭', cover: 'gradient:forest', coverPosition: 20, fullWidth: true, locked: true }).expect(200);

    const res = await duplicate(first.id, api.owner.bearer).expect(201);
    const copy = res.body as PageView;
    expect(copy).toMatchObject({ title: 'Copy of First', icon: '🧭', cover: 'gradient:forest', coverPosition: 20, fullWidth: true, locked: false, parentId: null, role: 'full_access' });
    expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['First', 'Copy of First', 'Last']);
    // Without `subtree`, no children come along.
    expect(await titlesUnder(api.app, api.owner, ws, copy.id)).toEqual([]);
    const copied = await contentOf(copy.id);
    expect(JSON.stringify(copied.json)).toContain('persisted line');
    expect(JSON.stringify(copied.json)).toContain('streamed line');
    expect(copied.text).toContain('streamed line');
    // The copy's document is its own: no Yjs client id of the original's history.
    const copyDoc = new Y.Doc();
    Y.applyUpdate(copyDoc, (await api.prisma.document.findUniqueOrThrow({ where: { pageId: copy.id } })).state);
    const originalClients = new Set(Y.decodeStateVector(Y.encodeStateVector(edited)).keys());
    expect([...Y.decodeStateVector(Y.encodeStateVector(copyDoc)).keys()].filter((c) => originalClients.has(c))).toEqual([]);
    const audit = await api.prisma.auditLog.findFirst({ where: { action: 'page.duplicated', targetId: copy.id } });
    expect(audit?.metadata).toEqual({ from: first.id, pages: 1, files: 0 });
  });

  it('copies a subtree with its files (new rows and bytes, the copies’ documents pointing at them)', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const root = await createPage(api.app, api.owner, ws, { title: 'Project' });
    const a = await createPage(api.app, api.owner, ws, { title: 'A', parentId: root.id });
    const b = await createPage(api.app, api.owner, ws, { title: 'B', parentId: root.id });
    const a1 = await createPage(api.app, api.owner, ws, { title: 'A1', parentId: a.id });
    const gone = await createPage(api.app, api.owner, ws, { title: 'Trashed', parentId: root.id });
    await api.http.post(`/pages/${gone.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    const upload = async (pageId: string, name: string) => (await api.http.post(`/pages/${pageId}/files`).set('Authorization', api.owner.bearer).attach('file', png(6, 3), name).expect(201)).body as { id: string; name: string };
    const shown = await upload(a.id, 'shown.png');
    const unused = await upload(a.id, 'unused.png');
    const cover = await upload(root.id, 'cover.png');
    await setContent(a.id, [paragraph('with an image'), { type: 'image', attrs: { src: fileContentUrl(shown.id), fileId: shown.id, alt: 'shown' } }]);
    await api.http.patch(`/pages/${root.id}`).set('Authorization', api.owner.bearer).send({ cover: `file:${cover.id}` }).expect(200);

    const copy = (await duplicate(root.id, api.owner.bearer, { subtree: true }).expect(201)).body as PageView;
    expect(copy.title).toBe('Copy of Project');
    expect(await titlesUnder(api.app, api.owner, ws, copy.id)).toEqual(['A', 'B']);
    const tree = (await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).expect(200)).body.pages as PageView[];
    const copyA = tree.find((p) => p.parentId === copy.id && p.title === 'A')!;
    expect(await titlesUnder(api.app, api.owner, ws, copyA.id)).toEqual(['A1']);
    expect(tree.filter((p) => p.title === 'Trashed')).toHaveLength(0);
    // The originals are untouched.
    expect(await titlesUnder(api.app, api.owner, ws, root.id)).toEqual(['A', 'B']);
    expect(await titlesUnder(api.app, api.owner, ws, a.id)).toEqual(['A1']);
    void b;
    void a1;

    // The image the copy of A shows is a new file of the copy, with the same bytes.
    const copiedA = await contentOf(copyA.id);
    expect(copiedA.fileIds).toHaveLength(1);
    const newId = copiedA.fileIds[0]!;
    expect(newId).not.toBe(shown.id);
    expect(await api.prisma.file.findUniqueOrThrow({ where: { id: newId } })).toMatchObject({ pageId: copyA.id, workspaceId: ws, name: 'shown.png' });
    const original = await api.http.get(`/files/${shown.id}/content`).set('Authorization', api.owner.bearer).expect(200);
    const duplicateBytes = await api.http.get(`/files/${newId}/content`).set('Authorization', api.owner.bearer).expect(200);
    expect(Buffer.compare(Buffer.from(duplicateBytes.body as Buffer), Buffer.from(original.body as Buffer))).toBe(0);
    // The cover's image is copied too; a file the page does not show is not.
    expect(copy.cover).toMatch(/^file:/);
    expect(copy.cover).not.toBe(`file:${cover.id}`);
    expect(await api.prisma.file.findUniqueOrThrow({ where: { id: copy.cover!.slice(5) } })).toMatchObject({ pageId: copy.id, name: 'cover.png' });
    expect(await api.prisma.file.count({ where: { workspaceId: ws, name: unused.name } })).toBe(1);
  });

  it('needs read access to the page and edit rights where the copy lands', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const member = await addMember(api.app, ws, 'member', 'duplicate-member');
    const guest = await addMember(api.app, ws, 'guest', 'duplicate-guest');
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner), 'member', 'duplicate-outsider');
    const parent = await createPage(api.app, api.owner, ws, { title: 'Parent' });
    const page = await createPage(api.app, api.owner, ws, { title: 'Page', parentId: parent.id });
    const sub = await createPage(api.app, api.owner, ws, { title: 'Sub', parentId: page.id });
    // The guest can edit Page (and so Sub) but not its parent, where the copy would land.
    await api.prisma.pageShare.create({ data: { pageId: page.id, userId: guest.id, role: 'editor', createdById: api.owner.id } });
    await duplicate(page.id, guest.bearer).expect(403);
    await duplicate(page.id, outsider.bearer).expect(404);
    const copy = (await duplicate(page.id, member.bearer, { subtree: true }).expect(201)).body as PageView;
    expect(copy.parentId).toBe(parent.id);
    expect(await titlesUnder(api.app, api.owner, ws, copy.id)).toEqual(['Sub']);
    // Trashed pages are not copied; bad bodies are refused.
    await api.http.post(`/pages/${sub.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    await duplicate(sub.id, api.owner.bearer).expect(409);
    const bad = await duplicate(page.id, api.owner.bearer, { subtree: 'all' }).expect(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['body.subtree']);
    await duplicate(page.id, api.owner.bearer, { deep: true }).expect(400);
  });
});
