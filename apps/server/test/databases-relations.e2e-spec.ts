import { randomUUID } from 'node:crypto';
import { DatabaseLimits, type Row } from '@tandem/database';
import { addProperty, deleteProperty, readRow, readRows, readSchema, setCells } from '@tandem/database/ydoc';
import type { DatabaseQueryResponse, DatabaseRowView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import { openDatabase } from './support/collab/databases.js';
import { addMember, api, apiJson, collabEnv, CollabWorld, savedAll, signUp, type Client, type TestUser } from './support/collab/fixtures.js';

// Two-way relations over REST (issue 17): a row written through the API keeps the target
// database's mirror in step, as the web's relation cell does, checked where readers see it: a
// client joined on the target (the live document) and the target's query (the projection).
describe('databases: REST writes keep two-way relations in step', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv());
  });
  afterAll(() => world?.close());

  const url = () => world.serverUrl();
  const createRow = (databaseId: string, values: Record<string, unknown>, as = world.owner) => apiJson<DatabaseRowView>(url(), as, 'POST', `/databases/${databaseId}/rows`, { values }, 201);
  const patchRow = (databaseId: string, rowId: string, values: Record<string, unknown>, as: TestUser = world.owner) => api(url(), as, 'PATCH', `/databases/${databaseId}/rows/${rowId}`, { values });
  const rowIn = (client: Client, rowId: string): Row | undefined => readRow(client.doc, rowId);
  const queried = async (databaseId: string) => (await apiJson<DatabaseQueryResponse>(url(), world.owner, 'POST', `/databases/${databaseId}/query`, {})).rows;

  // Tasks.project ⇄ Projects.tasks, added in both documents as the web adds a two-way relation,
  // and two projects made through the API.
  async function related() {
    const tasks = await openDatabase(world, 'Tasks');
    const projects = await openDatabase(world, 'Projects');
    addProperty(tasks.client.doc, tasks.id, { id: 'project', name: 'Project', type: 'relation', targetDatabaseId: projects.id, syncedPropertyId: 'tasks' });
    addProperty(projects.client.doc, projects.id, { id: 'tasks', name: 'Tasks', type: 'relation', targetDatabaseId: tasks.id, syncedPropertyId: 'project' });
    await savedAll(tasks.client, projects.client);
    const [p1, p2] = [await createRow(projects.id, { [projects.titleId]: 'Launch' }), await createRow(projects.id, { [projects.titleId]: 'Docs' })];
    return { tasks, projects, p1: p1.id, p2: p2.id };
  }

  // A title written through the API and seen by the client: whatever an earlier request wrote to
  // that document has reached the client by then.
  async function marker(db: { id: string; client: Client; titleId: string }, rowId: string): Promise<void> {
    const title = `Marker ${randomUUID()}`;
    expect((await patchRow(db.id, rowId, { [db.titleId]: title })).status).toBe(200);
    await waitUntil('marker seen', async () => rowIn(db.client, rowId)?.values[db.titleId] === title, 20_000);
  }

  // The target's live document has the mirror when `expected` holds for it.
  const mirrorIs = (client: Client, rowId: string, expected: string[]) =>
    waitUntil(`mirror of ${rowId} is [${expected.join(', ')}]`, async () => JSON.stringify(rowIn(client, rowId)?.values.tasks ?? []) === JSON.stringify(expected), 20_000);

  it('a PATCH of a two-way relation links and unlinks the target rows, in the document and in the query', async () => {
    const { tasks, projects, p1, p2 } = await related();
    const t1 = (await createRow(tasks.id, { [tasks.titleId]: 'Spec' })).id;

    const linked = await patchRow(tasks.id, t1, { project: [p1, p2] });
    expect(linked.status).toBe(200);
    expect(((await linked.json()) as DatabaseRowView).values.project).toEqual([p1, p2]);
    await mirrorIs(projects.client, p1, [t1]);
    await mirrorIs(projects.client, p2, [t1]);
    // Written as this person, like their own edit of the target.
    expect(rowIn(projects.client, p1)!.lastEditedBy).toBe(world.owner.id);
    await waitUntil('mirror projected', async () => (await queried(projects.id)).every((r) => JSON.stringify(r.values.tasks) === JSON.stringify([t1])), 20_000);

    expect((await patchRow(tasks.id, t1, { project: [p2] })).status).toBe(200);
    await mirrorIs(projects.client, p1, []);
    await mirrorIs(projects.client, p2, [t1]);
    await waitUntil('unlink projected', async () => {
      const rows = new Map((await queried(projects.id)).map((r) => [r.id, r.values.tasks]));
      return rows.get(p1) === undefined && JSON.stringify(rows.get(p2)) === JSON.stringify([t1]);
    }, 20_000);

    // Deleting the task leaves the mirror naming it, as the web's delete does (docs/DECISIONS.md):
    // the missing row reads as absent, and an undo or restore finds both sides linked again.
    expect((await api(url(), world.owner, 'DELETE', `/databases/${tasks.id}/rows/${t1}`)).status).toBe(204);
    await marker(projects, p2);
    await waitUntil('task gone', async () => !rowIn(tasks.client, t1), 20_000);
    expect(rowIn(projects.client, p2)!.values.tasks).toEqual([t1]);
  });

  it('a row created with a two-way relation value links the target rows back, after the links they had', async () => {
    const { tasks, projects, p1, p2 } = await related();
    const t1 = await createRow(tasks.id, { [tasks.titleId]: 'Spec', project: [p1] });
    const t2 = await createRow(tasks.id, { [tasks.titleId]: 'Build', project: [p1, p2] });
    expect(t2.values.project).toEqual([p1, p2]);
    await mirrorIs(projects.client, p1, [t1.id, t2.id]);
    await mirrorIs(projects.client, p2, [t2.id]);
    expect(rowIn(tasks.client, t2.id)?.values.project).toEqual([p1, p2]);
  });

  it('refuses the whole write when the person can only view the target (or not read it), changing neither side', async () => {
    const { tasks, projects, p1 } = await related();
    const t1 = (await createRow(tasks.id, { [tasks.titleId]: 'Spec' })).id;
    const guest = await signUp(url(), 'Guest');
    await addMember(world.prisma, world.workspaceId, guest, 'guest');
    await world.prisma.pageShare.create({ data: { pageId: tasks.id, userId: guest.id, role: 'editor', createdById: world.owner.id } });

    // No access to Projects at all, then view only: both refused before anything is written.
    const unreadable = await patchRow(tasks.id, t1, { project: [p1] }, guest);
    expect(unreadable.status).toBe(403);
    expect(((await unreadable.json()) as { error: { message: string } }).error.message).toMatch(/cannot read the related database/);
    await world.prisma.pageShare.create({ data: { pageId: projects.id, userId: guest.id, role: 'viewer', createdById: world.owner.id } });
    const viewOnly = await patchRow(tasks.id, t1, { project: [p1], [tasks.titleId]: 'Renamed' }, guest);
    expect(viewOnly.status).toBe(403);
    expect(((await viewOnly.json()) as { error: { message: string } }).error.message).toMatch(/can read the related database but not edit it/);
    const newId = randomUUID();
    const created = await api(url(), guest, 'POST', `/databases/${tasks.id}/rows`, { id: newId, values: { project: [p1] } });
    expect(created.status).toBe(403);

    // Later writes to both documents arrive after anything the refused ones could have written.
    await marker(tasks, t1);
    await marker(projects, p1);
    expect(rowIn(tasks.client, t1)!.values.project).toBeUndefined();
    expect(rowIn(projects.client, p1)!.values.tasks).toBeUndefined();
    expect(readRows(tasks.client.doc).map((r) => r.id)).toEqual([t1]);
    expect(await world.prisma.page.findUnique({ where: { id: newId } })).toBeNull();
    // The same write by someone who can edit both goes through.
    expect((await patchRow(tasks.id, t1, { project: [p1] })).status).toBe(200);
    await mirrorIs(projects.client, p1, [t1]);
  });

  it('refuses a mirror over the relation limit with a 400, changing neither side', async () => {
    const { tasks, projects, p1 } = await related();
    const t1 = (await createRow(tasks.id, { [tasks.titleId]: 'Spec' })).id;
    const full = Array.from({ length: DatabaseLimits.relationValues }, (_, i) => `x${i}`);
    setCells(projects.client.doc, projects.id, p1, { tasks: full }, { userId: world.owner.id, now: new Date().toISOString() });
    await savedAll(projects.client);

    // The target's own edit is the check (one target: nothing else to check first).
    const res = await patchRow(tasks.id, t1, { project: [p1], [tasks.titleId]: 'Renamed' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/more than 1,000 rows/);
    await marker(tasks, t1);
    await marker(projects, p1);
    expect(rowIn(tasks.client, t1)!.values.project).toBeUndefined();
    expect(rowIn(projects.client, p1)!.values.tasks).toEqual(full);
  });

  it('writes only its own side once the mirror property was deleted', async () => {
    const { tasks, projects, p1, p2 } = await related();
    const t1 = (await createRow(tasks.id, { [tasks.titleId]: 'Spec', project: [p1] })).id;
    await mirrorIs(projects.client, p1, [t1]);
    // Someone removed the Projects side (the web does it from the column menu).
    deleteProperty(projects.client.doc, projects.id, 'tasks');
    await savedAll(projects.client);
    const before = rowIn(projects.client, p2)!;

    const res = await patchRow(tasks.id, t1, { project: [p2] });
    expect(res.status).toBe(200);
    expect(((await res.json()) as DatabaseRowView).values.project).toEqual([p2]);
    await marker(projects, p1);
    expect(rowIn(projects.client, p2)).toEqual(before);
    expect(readSchema(projects.client.doc, projects.id).properties.map((p) => p.id)).not.toContain('tasks');
    await waitUntil('own side written', async () => JSON.stringify(rowIn(tasks.client, t1)?.values.project) === JSON.stringify([p2]), 20_000);
  });
});
