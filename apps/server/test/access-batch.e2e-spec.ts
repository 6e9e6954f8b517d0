import type { Principal } from '../src/access/principal.js';
import { AccessService } from '../src/access/access.service.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// pageAccessMany (the gateway's batched re-check) must answer exactly as pageAccess, page by page,
// for every kind of principal: members, guests with shares at different depths, a guest with no
// share, a public link, trashed pages, another workspace's page, unknown and malformed ids. The
// same goes for readersOf, the many-people question notifications ask.
describe('batched page access', () => {
  const api = apiSuite('batch-owner');

  it('answers as the one-page access function for every principal and page', async () => {
    const access = api.app.get(AccessService);
    const ws = await createWorkspace(api.app, api.owner);
    const other = await createWorkspace(api.app, api.owner, 'Elsewhere');
    const root = await createPage(api.app, api.owner, ws, { title: 'root' });
    const mid = await createPage(api.app, api.owner, ws, { title: 'mid', parentId: root.id });
    const leaf = await createPage(api.app, api.owner, ws, { title: 'leaf', parentId: mid.id });
    const side = await createPage(api.app, api.owner, ws, { title: 'side' });
    const binned = await createPage(api.app, api.owner, ws, { title: 'binned', parentId: side.id });
    const foreign = await createPage(api.app, api.owner, other, { title: 'foreign' });
    await api.http.post(`/pages/${binned.id}/trash`).set('Authorization', api.owner.bearer).expect(204);

    const member = await addMember(api.app, ws, 'member', 'batch-member');
    const guest = await addMember(api.app, ws, 'guest', 'batch-guest');
    const lonely = await addMember(api.app, ws, 'guest', 'batch-lonely');
    await api.prisma.pageShare.create({ data: { pageId: mid.id, userId: guest.id, role: 'commenter' } });
    await api.prisma.pageShare.create({ data: { pageId: leaf.id, userId: guest.id, role: 'editor' } });
    const link = await api.prisma.shareLink.create({ data: { pageId: mid.id, tokenHash: `batch-${Date.now()}`, role: 'viewer' } });

    const user = (u: { id: string }): Principal => ({ kind: 'user', userId: u.id, name: 'x' });
    const principals: Principal[] = [user(api.owner), user(member), user(guest), user(lonely), { kind: 'link', shareLinkId: link.id, pageId: mid.id }];
    const pageIds = [root.id, mid.id, leaf.id, side.id, binned.id, foreign.id, '00000000-0000-4000-8000-000000000000', 'not-an-id'];
    let seen = 0;
    for (const principal of principals) {
      const batch = await access.pageAccessMany(principal, pageIds);
      for (const pageId of pageIds) {
        expect({ principal, pageId, access: batch.get(pageId) }).toEqual({ principal, pageId, access: await access.pageAccess(principal, pageId) });
        if (batch.get(pageId)) seen++;
      }
    }
    // Not all null: owner (6 incl. trashed and foreign), member (4 live here), guest (mid, leaf), link (mid, leaf).
    expect(seen).toBe(6 + 4 + 2 + 2);
    const guestLeaf = (await access.pageAccessMany(user(guest), [leaf.id])).get(leaf.id);
    expect(guestLeaf).toMatchObject({ role: 'editor', visibleAncestorIds: [mid.id] });

    // readersOf (who may be told of a page) agrees with pageAccess person by person, including
    // someone of another workspace and an unknown person; a page that isn't one has no readers.
    const stranger = await addMember(api.app, other, 'member', 'batch-stranger');
    const people = [api.owner, member, guest, lonely, stranger, { id: '00000000-0000-4000-8000-000000000001' }];
    for (const pageId of pageIds) {
      const expected = new Set<string>();
      for (const person of people) if (await access.pageAccess(user(person), pageId)) expected.add(person.id);
      expect({ pageId, readers: await access.readersOf(people.map((p) => p.id), pageId) }).toEqual({ pageId, readers: expected });
    }
    expect(await access.readersOf(people.map((p) => p.id), mid.id)).toEqual(new Set([api.owner.id, member.id, guest.id]));
  });
});
