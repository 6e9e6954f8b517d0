import type { PageTreeResponse } from '@tandem/protocol';
import { resolveTreeRoles } from '../src/access/role-rules.js';
import { PageRepository } from '../src/pages/page.repository.js';
import { addMember, apiSuite, createWorkspace } from './support/world.js';

// A guest's sidebar tree is read from the pages shared with them down (PageRepository.sidebarTree
// with `under`), not from the whole workspace. It must list exactly what the whole tree, resolved
// for the guest, lists: the same pages, roles and parents — through database rows that hold pages,
// past trashed pages, with shares nested inside shares and shares below unshared pages.
describe('the page tree of a guest', () => {
  const api = apiSuite('tree-guest-owner');

  it('lists what the whole tree resolved for the guest lists, reading only the shared subtrees', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const guest = await addMember(api.app, ws, 'guest', 'tree-guest');
    let n = 0;
    const page = async (title: string, parentId: string | null, kind: 'page' | 'database' | 'row' = 'page', trashed = false) =>
      (
        await api.prisma.page.create({
          data: { workspaceId: ws, parentId, title, kind, position: `a${String(n++).padStart(4, '0')}`, createdById: api.owner.id, ...(trashed ? { deletedAt: new Date() } : {}) },
        })
      ).id;
    const share = (pageId: string, role: 'viewer' | 'editor') => api.prisma.pageShare.create({ data: { pageId, userId: guest.id, role } });

    const a = await page('A (shared)', null);
    const a1 = await page('A1', a);
    const a1a = await page('A1a', a1);
    const a2 = await page('A2 (shared again, editor)', a);
    const d = await page('D (database)', a, 'database');
    const r = await page('R (row holding a page)', d, 'row');
    const p = await page('P (in a row)', r);
    const r2 = await page('R2 (row without pages)', d, 'row');
    const t = await page('T (trashed)', a, 'page', true);
    const t1 = await page('T1 (under trashed)', t, 'page', true);
    const b = await page('B (not shared)', null);
    const b1 = await page('B1 (shared below B)', b);
    const c = await page('C (not shared)', null);
    await share(a, 'viewer');
    await share(a2, 'editor');
    await share(b1, 'viewer');

    const res = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', guest.bearer).expect(200);
    const listed = (res.body as PageTreeResponse).pages.map((x) => ({ id: x.id, parentId: x.parentId, role: x.role }));

    // The whole tree resolved for the guest, as the endpoint computed it before.
    const whole = await api.app.get(PageRepository).sidebarTree(ws);
    const roles = resolveTreeRoles(whole, 'guest', new Map([[a, 'viewer'], [a2, 'editor'], [b1, 'viewer']]));
    const expected = whole.filter((x) => roles.has(x.id)).map((x) => ({ id: x.id, parentId: x.parentId && roles.has(x.parentId) ? x.parentId : null, role: roles.get(x.id) }));
    expect(listed).toEqual(expected);

    // And that is what a guest should see.
    const ids = listed.map((x) => x.id);
    expect(new Set(ids)).toEqual(new Set([a, a1, a1a, a2, d, r, p, b1]));
    for (const hidden of [r2, t, t1, b, c]) expect(ids).not.toContain(hidden);
    expect(listed.find((x) => x.id === b1)).toEqual({ id: b1, parentId: null, role: 'viewer' });
    expect(listed.find((x) => x.id === p)?.parentId).toBe(r);
    expect(listed.find((x) => x.id === a2)?.role).toBe('editor');
  });
});
