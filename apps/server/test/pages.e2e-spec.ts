import { jest } from '@jest/globals';
import request from 'supertest';
import * as Y from 'yjs';
import { addMember, apiSuite, createPage, createWorkspace, titlesUnder } from './support/world.js';

describe('the page tree', () => {
  const api = apiSuite('tree-owner');

  it('creates pages with an empty Yjs document in the same transaction', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Notes' });
    expect(page).toMatchObject({ workspaceId: ws, parentId: null, title: 'Notes', icon: null, role: 'full_access', deletedAt: null });
    const doc = await api.prisma.document.findUniqueOrThrow({ where: { pageId: page.id } });
    const y = new Y.Doc();
    Y.applyUpdate(y, doc.state);
    expect(y.share.size).toBe(0);
    expect(Buffer.from(doc.stateVector)).toEqual(Buffer.from(Y.encodeStateVector(new Y.Doc())));
    expect(doc.persistedUpTo).toBe('0-0');
  });

  it('orders siblings by fractional position: appended, after, before and between', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const a = await createPage(api.app, api.owner, ws, { title: 'A' });
    const c = await createPage(api.app, api.owner, ws, { title: 'C' });
    await createPage(api.app, api.owner, ws, { title: 'B', afterId: a.id });
    await createPage(api.app, api.owner, ws, { title: 'first', beforeId: a.id });
    await createPage(api.app, api.owner, ws, { title: 'B2', afterId: a.id, beforeId: c.id });
    expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['first', 'A', 'B2', 'B', 'C']);
    const child = await createPage(api.app, api.owner, ws, { title: 'child', parentId: a.id });
    expect(child.parentId).toBe(a.id);
    expect(await titlesUnder(api.app, api.owner, ws, a.id)).toEqual(['child']);
  });

  it('returns the whole tree in one call, and a page with its breadcrumbs', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const a = await createPage(api.app, api.owner, ws, { title: 'A' });
    const b = await createPage(api.app, api.owner, ws, { title: 'B', parentId: a.id });
    const c = await createPage(api.app, api.owner, ws, { title: 'C', parentId: b.id });
    const tree = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).expect(200);
    expect(tree.body.pages.map((p: { id: string }) => p.id).sort()).toEqual([a.id, b.id, c.id].sort());
    const detail = await api.http.get(`/pages/${c.id}`).set('Authorization', api.owner.bearer).expect(200);
    expect(detail.body.role).toBe('full_access');
    expect(detail.body.ancestors.map((x: { title: string }) => x.title)).toEqual(['A', 'B']);
  });

  it('reads a deep page with one ancestor chain, however deep (breadcrumbs used to cost a chain per ancestor)', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    let parentId: string | null = null;
    const titles: string[] = [];
    for (let depth = 0; depth < 40; depth++) {
      const page = await createPage(api.app, api.owner, ws, { title: `level ${depth}`, parentId });
      parentId = page.id;
      titles.push(page.title);
    }
    const { AccessRepository } = await import('../src/access/access.repository.js');
    const chains = jest.spyOn(api.app.get(AccessRepository), 'chain');
    try {
      const detail = await api.http.get(`/pages/${parentId}`).set('Authorization', api.owner.bearer).expect(200);
      expect(detail.body.ancestors.map((x: { title: string }) => x.title)).toEqual(titles.slice(0, -1));
      expect(chains).toHaveBeenCalledTimes(1);
    } finally {
      chains.mockRestore();
    }
  });

  it('renames and sets or clears the icon', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws);
    expect((await api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ title: 'Plan', icon: '🚀' }).expect(200)).body).toMatchObject({ title: 'Plan', icon: '🚀' });
    expect((await api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ icon: null }).expect(200)).body).toMatchObject({ title: 'Plan', icon: null });
  });

  it('refuses invalid bodies and ids with 400 and the field, changing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'keep' });
    const cases: Array<[() => request.Test, string]> = [
      [() => api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ title: 5 }), 'body.title'],
      [() => api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ parentId: 'nope' }), 'body.parentId'],
      [() => api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ title: 'x'.repeat(501) }), 'body.title'],
      [() => api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ afterId: '00000000-0000-7000-8000-000000000000' }), 'body.afterId'],
      [() => api.http.post('/workspaces/nope/pages').set('Authorization', api.owner.bearer).send({}), 'param.workspaceId'],
      [() => api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({}), 'body.title'],
      [() => api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ icon: '' }), 'body.icon'],
      [() => api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ title: 'x', extra: 1 }), 'body'],
      [() => api.http.post(`/pages/${page.id}/move`).set('Authorization', api.owner.bearer).send({}), 'body.parentId'],
      [() => api.http.post(`/pages/${page.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: 12 }), 'body.parentId'],
      [() => api.http.get('/pages/123').set('Authorization', api.owner.bearer), 'param.id'],
    ];
    // Anonymous, an invalid id is a 401: authentication comes before validation.
    await api.http.get('/pages/123').expect(401);
    for (const [send, field] of cases) {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    const after = await api.http.get(`/pages/${page.id}`).set('Authorization', api.owner.bearer).expect(200);
    expect(after.body.page.title).toBe('keep');
    expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['keep']);
  });

  describe('moves', () => {
    it('re-parents and reorders between two siblings', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const a = await createPage(api.app, api.owner, ws, { title: 'A' });
      const b = await createPage(api.app, api.owner, ws, { title: 'B' });
      const c = await createPage(api.app, api.owner, ws, { title: 'C' });
      const x = await createPage(api.app, api.owner, ws, { title: 'X', parentId: a.id });
      await api.http.post(`/pages/${x.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: null, afterId: b.id, beforeId: c.id }).expect(200);
      expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['A', 'B', 'X', 'C']);
      await api.http.post(`/pages/${c.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: null, beforeId: a.id }).expect(200);
      expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['C', 'A', 'B', 'X']);
      await api.http.post(`/pages/${a.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: b.id }).expect(200);
      expect(await titlesUnder(api.app, api.owner, ws, b.id)).toEqual(['A']);
      expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['C', 'B', 'X']);
    });

    it('refuses to move a page under itself or its own descendant', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const a = await createPage(api.app, api.owner, ws, { title: 'A' });
      const b = await createPage(api.app, api.owner, ws, { title: 'B', parentId: a.id });
      const c = await createPage(api.app, api.owner, ws, { title: 'C', parentId: b.id });
      for (const parentId of [a.id, b.id, c.id]) {
        const res = await api.http.post(`/pages/${a.id}/move`).set('Authorization', api.owner.bearer).send({ parentId }).expect(409);
        expect(res.body.error.code).toBe('conflict');
      }
      expect((await api.prisma.page.findUniqueOrThrow({ where: { id: a.id } })).parentId).toBeNull();
    });

    it('refuses a sibling that is not under the target parent, and a parent from another workspace', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const other = await createWorkspace(api.app, api.owner);
      const a = await createPage(api.app, api.owner, ws, { title: 'A' });
      const b = await createPage(api.app, api.owner, ws, { title: 'B', parentId: a.id });
      const foreign = await createPage(api.app, api.owner, other, { title: 'F' });
      const bad = await api.http.post(`/pages/${b.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: null, afterId: b.id }).expect(400);
      expect(bad.body.error.fields['body.afterId']).toBeDefined();
      const cross = await api.http.post(`/pages/${b.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: foreign.id }).expect(400);
      expect(cross.body.error.fields['body.parentId']).toBeDefined();
      expect((await api.prisma.page.findUniqueOrThrow({ where: { id: b.id } })).parentId).toBe(a.id);
    });

    it('never builds a cycle from concurrent crossing moves', async () => {
      for (let round = 0; round < 5; round++) {
        const ws = await createWorkspace(api.app, api.owner);
        const a = await createPage(api.app, api.owner, ws, { title: 'A' });
        const b = await createPage(api.app, api.owner, ws, { title: 'B' });
        const [ab, ba] = await Promise.all([
          api.http.post(`/pages/${a.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: b.id }),
          api.http.post(`/pages/${b.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: a.id }),
        ]);
        expect([ab.status, ba.status].sort()).toEqual([200, 409]);
        const rows = await api.prisma.page.findMany({ where: { workspaceId: ws } });
        expect(rows.filter((p) => p.parentId === null)).toHaveLength(1);
      }
    });

    it('keeps positions unique when many pages are appended at once', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      await Promise.all(Array.from({ length: 8 }, (_, i) => createPage(api.app, api.owner, ws, { title: `p${i}` })));
      const rows = await api.prisma.page.findMany({ where: { workspaceId: ws } });
      expect(new Set(rows.map((r) => r.position)).size).toBe(8);
    });
  });

  describe('trash', () => {
    it('trashes a subtree, lists it, restores exactly it, and deletes for good only from the trash', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const a = await createPage(api.app, api.owner, ws, { title: 'A' });
      const b = await createPage(api.app, api.owner, ws, { title: 'B', parentId: a.id });
      const c = await createPage(api.app, api.owner, ws, { title: 'C', parentId: b.id });
      const keep = await createPage(api.app, api.owner, ws, { title: 'keep' });
      await api.http.delete(`/pages/${b.id}`).set('Authorization', api.owner.bearer).expect(409);

      await api.http.post(`/pages/${b.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
      const tree = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).expect(200);
      expect(tree.body.pages.map((p: { title: string }) => p.title).sort()).toEqual(['A', 'keep']);
      const trash = await api.http.get(`/workspaces/${ws}/trash`).set('Authorization', api.owner.bearer).expect(200);
      expect(trash.body.pages).toHaveLength(1);
      expect(trash.body.pages[0]).toMatchObject({ id: b.id, descendantCount: 1 });
      // A trashed page can't be edited, moved or trashed again; its descendant can't be restored alone.
      await api.http.patch(`/pages/${b.id}`).set('Authorization', api.owner.bearer).send({ title: 'x' }).expect(409);
      await api.http.post(`/pages/${c.id}/restore`).set('Authorization', api.owner.bearer).expect(409);
      await api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ parentId: b.id }).expect(409);

      await api.http.post(`/pages/${b.id}/restore`).set('Authorization', api.owner.bearer).expect(200);
      expect(await titlesUnder(api.app, api.owner, ws, b.id)).toEqual(['C']);
      expect(await titlesUnder(api.app, api.owner, ws, a.id)).toEqual(['B']);
      await api.http.post(`/pages/${b.id}/restore`).set('Authorization', api.owner.bearer).expect(409);

      await api.http.post(`/pages/${a.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
      await api.http.delete(`/pages/${a.id}`).set('Authorization', api.owner.bearer).expect(204);
      expect(await api.prisma.page.count({ where: { id: { in: [a.id, b.id, c.id] } } })).toBe(0);
      expect(await api.prisma.document.count({ where: { pageId: { in: [a.id, b.id, c.id] } } })).toBe(0);
      expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['keep']);
      expect(await api.prisma.page.count({ where: { id: keep.id, deletedAt: null } })).toBe(1);
      expect(await api.prisma.document.count({ where: { pageId: keep.id } })).toBe(1);
      expect(await api.prisma.auditLog.count({ where: { action: 'page.deleted', targetId: a.id } })).toBe(1);
    });

    it('restores a page at the root when its old parent went to the trash separately', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const a = await createPage(api.app, api.owner, ws, { title: 'A' });
      const b = await createPage(api.app, api.owner, ws, { title: 'B', parentId: a.id });
      await api.http.post(`/pages/${b.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
      await api.http.post(`/pages/${a.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
      const trash = await api.http.get(`/workspaces/${ws}/trash`).set('Authorization', api.owner.bearer).expect(200);
      expect(trash.body.pages.map((p: { title: string }) => p.title).sort()).toEqual(['A', 'B']);
      const restored = await api.http.post(`/pages/${b.id}/restore`).set('Authorization', api.owner.bearer).expect(200);
      expect(restored.body.parentId).toBeNull();
      expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['B']);
    });

    it('hides trashed pages from members but shows them to admins', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const member = await addMember(api.app, ws, 'member');
      const admin = await addMember(api.app, ws, 'admin');
      const a = await createPage(api.app, api.owner, ws, { title: 'A' });
      await api.http.post(`/pages/${a.id}/trash`).set('Authorization', member.bearer).expect(204);
      await api.http.get(`/pages/${a.id}`).set('Authorization', member.bearer).expect(404);
      await api.http.post(`/pages/${a.id}/restore`).set('Authorization', member.bearer).expect(404);
      await api.http.get(`/workspaces/${ws}/trash`).set('Authorization', member.bearer).expect(403);
      await api.http.get(`/pages/${a.id}`).set('Authorization', admin.bearer).expect(200);
      await api.http.post(`/pages/${a.id}/restore`).set('Authorization', admin.bearer).expect(200);
      await api.http.get(`/pages/${a.id}`).set('Authorization', member.bearer).expect(200);
    });
  });
});
