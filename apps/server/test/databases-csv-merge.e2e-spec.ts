import type { AddressInfo } from 'node:net';
import { DatabaseLimits } from '@tandem/database';
import { addProperty, readRows, readSchema } from '@tandem/database/ydoc';
import type { CsvImportResult, CsvMergePlan, CsvMergePreview, CsvMergeResult, DatabaseQueryResponse, PageView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { AppConfig, type Env } from '../src/config/env.js';
import { DatabaseDocuments } from '../src/databases/database-documents.service.js';
import { DatabaseProjection } from '../src/databases/database-projection.service.js';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
import { openClient, socketToken, type Client } from './support/collab/fixtures.js';
import { addMember, apiSuite, createWorkspace } from './support/world.js';

// Merge with CSV (issue 17): a file's rows appended to an existing database as one server-side edit
// of its document. The preview stores nothing; the merge lands whole (new properties, new options,
// rows) for everyone who has the database open, or not at all.
describe('databases: merge a CSV into an existing database', () => {
  const api = apiSuite('databases-csv-merge');
  let baseUrl = '';
  const clients: Client[] = [];
  beforeAll(async () => {
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  const TASKS = ['Task,Status,Score,Notes', 'Write spec,Open,3,first', 'Review,Done,1,'].join('\n');
  const FILE = ['task,SCORE,Status,Owner,Estimate,Notes', 'Plan,7,Open,ann,2,one', 'Build,abc,Blocked,,5,"two, three"'].join('\r\n');

  // A Tasks database (title, select, number, text) plus an Owner person property, made as a client would.
  const tasksDatabase = async (ws: string) => {
    const plan = { title: 'Tasks', columns: [{ name: 'Task', type: 'title' }, { name: 'Status', type: 'select' }, { name: 'Score', type: 'number' }, { name: 'Notes', type: 'text' }] };
    const res = (await api.http.post(`/databases/import?workspaceId=${ws}`).set('Authorization', api.owner.bearer).field('plan', JSON.stringify(plan)).attach('file', Buffer.from(TASKS), 'tasks.csv').expect(201)).body as CsvImportResult;
    const doc = await current(res.page.id);
    const before = Y.encodeStateVector(doc);
    addProperty(doc, res.page.id, { id: 'owner', name: 'Owner', type: 'person' });
    await api.app.get(DocumentStreamRepository).append(res.page.id, Y.encodeStateAsUpdate(doc, before), api.owner.id);
    const ids = Object.fromEntries(readSchema(doc, res.page.id).properties.map((p) => [p.name, p.id]));
    doc.destroy();
    return { id: res.page.id, ids: ids as Record<'Task' | 'Status' | 'Score' | 'Notes' | 'Owner', string> };
  };
  // The database's document as it is now (persisted + stream): what every open client has.
  const current = (id: string) => api.app.get(DatabaseDocuments).current(id);
  const state = async (id: string) => {
    const doc = await current(id);
    const bytes = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
    doc.destroy();
    return bytes;
  };
  const preview = (id: string, csv: string | Buffer, bearer = api.owner.bearer) =>
    api.http.post(`/databases/${id}/merge/preview`).set('Authorization', bearer).attach('file', Buffer.from(csv), 'more.csv');
  const merge = (id: string, csv: string | Buffer, plan: CsvMergePlan | string, bearer = api.owner.bearer) =>
    api.http
      .post(`/databases/${id}/merge?timeZone=Europe/Paris`)
      .set('Authorization', bearer)
      .field('plan', typeof plan === 'string' ? plan : JSON.stringify(plan))
      .attach('file', Buffer.from(csv), 'more.csv');

  it('previews the mapping by name and the values that would be lost, storing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    const before = await state(db.id);
    const body = (await preview(db.id, FILE).expect(200)).body as CsvMergePreview;
    expect(body.columns).toEqual([
      { name: 'task', matchedPropertyId: db.ids.Task, column: { action: 'property', propertyId: db.ids.Task }, lost: 0 },
      { name: 'SCORE', matchedPropertyId: db.ids.Score, column: { action: 'property', propertyId: db.ids.Score }, lost: 1 },
      { name: 'Status', matchedPropertyId: db.ids.Status, column: { action: 'property', propertyId: db.ids.Status }, lost: 0 },
      // A person cannot be named by text: matched, but skipped.
      { name: 'Owner', matchedPropertyId: 'owner', column: { action: 'skip' }, lost: 0 },
      { name: 'Estimate', matchedPropertyId: null, column: { action: 'new', name: 'Estimate', type: 'number' }, lost: 0 },
      { name: 'Notes', matchedPropertyId: db.ids.Notes, column: { action: 'property', propertyId: db.ids.Notes }, lost: 0 },
    ]);
    expect(body).toMatchObject({ rowCount: 2, sample: [['Plan', '7', 'Open', 'ann', '2', 'one'], ['Build', 'abc', 'Blocked', '', '5', 'two, three']] });
    expect(body.problems).toEqual([{ line: 3, column: 'SCORE', message: '"abc" is not a number' }]);
    expect(await state(db.id)).toBe(before);
  });

  it('appends the rows as one live edit: mapped, converted, new property and option, then projected', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    // Someone has the database open.
    const watcher = openClient(baseUrl, () => socketToken(baseUrl, api.owner.token), db.id);
    clients.push(watcher);
    await waitUntil('watcher synced', async () => watcher.provider.synced, 20_000);
    expect(readRows(watcher.doc)).toHaveLength(2);

    const plan = ((await preview(db.id, FILE).expect(200)).body as CsvMergePreview).columns.map((c) => c.column);
    const res = (await merge(db.id, FILE, { columns: plan }).expect(201)).body as CsvMergeResult;
    expect(res).toEqual({ rowCount: 2, addedProperties: 1, problems: [{ line: 3, column: 'SCORE', message: '"abc" is not a number' }] });

    // The watcher gets the rows from the broadcast, without asking.
    await waitUntil('rows live in the open client', async () => readRows(watcher.doc).length === 4, 10_000);
    const schema = readSchema(watcher.doc, db.id);
    const estimate = schema.properties.find((p) => p.name === 'Estimate')!;
    const status = schema.properties.find((p) => p.id === db.ids.Status)!;
    expect(estimate).toMatchObject({ type: 'number' });
    const options = status.type === 'select' ? status.options : [];
    expect(options.map((o) => o.name)).toEqual(['Open', 'Done', 'Blocked']);
    const added = readRows(watcher.doc).slice(2);
    expect(added.map((r) => r.values)).toEqual([
      { [db.ids.Task]: 'Plan', [db.ids.Score]: 7, [db.ids.Status]: options[0]!.id, [estimate.id]: 2, [db.ids.Notes]: 'one' },
      { [db.ids.Task]: 'Build', [db.ids.Score]: null, [db.ids.Status]: options[2]!.id, [estimate.id]: 5, [db.ids.Notes]: 'two, three' },
    ]);
    expect(added.every((r) => r.createdBy === api.owner.id)).toBe(true);

    // Persisted (as the worker would), projected: the rows get their pages and answer queries.
    const doc = await current(db.id);
    const stateNow = Buffer.from(Y.encodeStateAsUpdate(doc));
    doc.destroy();
    await api.prisma.document.update({ where: { pageId: db.id }, data: { state: stateNow, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(stateNow)), size: stateNow.length } });
    expect(await api.app.get(DatabaseProjection).project(db.id)).toMatchObject({ kind: 'projected', rows: 4 });
    const query = (await api.http.post(`/databases/${db.id}/query`).set('Authorization', api.owner.bearer).send({ filter: { combinator: 'and', conditions: [{ property: estimate.id, operator: 'gt', value: 1 }] } }).expect(200)).body as DatabaseQueryResponse;
    expect(query.rows.map((r) => r.title)).toEqual(['Plan', 'Build']);
    expect(await api.prisma.page.count({ where: { parentId: db.id, kind: 'row' } })).toBe(4);
  });

  it('refuses a 10 MB file with broken quoting at its first bad line, changing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    const before = await state(db.id);
    const line = 'Some row title,Open,3,"a quoted, long enough note to fill the file quickly"';
    const lines = ['Task,Status,Score,Notes', ...Array<string>(Math.floor((10 * 1024 * 1024 - 100) / (line.length + 1))).fill(line)];
    lines[9_999] = 'Bad row,Open,3,"she said "hi" twice"';
    const csv = lines.join('\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(9.9 * 1024 * 1024);
    const plan: CsvMergePlan = { columns: [db.ids.Task, db.ids.Status, db.ids.Score, db.ids.Notes].map((propertyId) => ({ action: 'property', propertyId })) };
    for (const res of [await preview(db.id, csv).expect(400), await merge(db.id, csv, plan).expect(400)]) {
      expect(res.body.error.fields.file).toMatch(/^line 10000: /);
    }
    expect(await state(db.id)).toBe(before);
  }, 60_000);

  it('refuses a plan that does not fit the file or the database, changing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    const before = await state(db.id);
    const skip = { action: 'skip' } as const;
    const five = [skip, skip, skip, skip, skip];
    for (const [plan, field, message] of [
      [undefined, 'plan', /is required/],
      [{ columns: five }, 'plan.columns', /has 5 entries; the file has 6 columns/],
      [{ columns: [{ action: 'property', propertyId: 'gone' }, ...five] }, 'plan.columns.0', /not a property of this database/],
      [{ columns: [{ action: 'property', propertyId: 'owner' }, ...five] }, 'plan.columns.0', /person property, which CSV text cannot fill/],
      [{ columns: [{ action: 'property', propertyId: db.ids.Task }, { action: 'property', propertyId: db.ids.Task }, ...five.slice(1)] }, 'plan.columns.1', /chosen for two columns/],
      [{ columns: [{ action: 'new', name: 'notes', type: 'text' }, ...five] }, 'plan.columns.0', /already named "notes"/],
      [{ columns: [{ action: 'new', name: 'T', type: 'title' }, ...five] }, 'plan.columns.0.type', /must be one of/],
    ] as const) {
      const req = api.http.post(`/databases/${db.id}/merge`).set('Authorization', api.owner.bearer);
      if (plan !== undefined) req.field('plan', JSON.stringify(plan));
      const res = await req.attach('file', Buffer.from(FILE), 'more.csv').expect(400);
      expect(res.body.error.fields[field]).toMatch(message);
    }
    expect(await state(db.id)).toBe(before);
  });

  it('merges only for editors of the database', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    const viewer = await addMember(api.app, ws, 'guest', 'viewer');
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner, 'Other'), 'member', 'outsider');
    await api.http.put(`/pages/${db.id}/shares`).set('Authorization', api.owner.bearer).send({ email: viewer.email, role: 'viewer' }).expect(200);
    const before = await state(db.id);
    const plan = { columns: [{ action: 'property', propertyId: db.ids.Task }, skip(), skip(), skip(), skip(), skip()] } as CsvMergePlan;
    await preview(db.id, FILE, viewer.bearer).expect(403);
    expect((await merge(db.id, FILE, plan, viewer.bearer).expect(403)).body.error.code).toBeDefined();
    await merge(db.id, FILE, plan, outsider.bearer).expect(404);
    await api.http.post(`/databases/${db.id}/merge`).field('plan', JSON.stringify(plan)).attach('file', Buffer.from(FILE), 'more.csv').expect(401);
    // A page that is no database has nothing to merge into.
    const page = (await api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ title: 'Plain' }).expect(201)).body as PageView;
    await merge(page.id, FILE, plan).expect(404);
    expect(await state(db.id)).toBe(before);
    await api.http.put(`/pages/${db.id}/shares`).set('Authorization', api.owner.bearer).send({ email: viewer.email, role: 'editor' }).expect(200);
    expect(((await merge(db.id, FILE, plan, viewer.bearer).expect(201)).body as CsvMergeResult).rowCount).toBe(2);
  });

  it('holds a merge to the database size limit with a 413, changing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    const before = await state(db.id);
    const plan = { columns: [{ action: 'property', propertyId: db.ids.Task }, skip(), skip(), skip(), skip(), { action: 'property', propertyId: db.ids.Notes }] } as CsvMergePlan;
    const config = api.app.get(AppConfig) as Env;
    const saved = config.COLLAB_MAX_DATABASE_BYTES;
    try {
      // The database is a few kilobytes; 200 rows of 100-character notes take it past 8 KB.
      Object.assign(config, { COLLAB_MAX_DATABASE_BYTES: 8 * 1024 });
      const big = ['Task,SCORE,Status,Owner,Estimate,Notes', ...Array.from({ length: 200 }, (_, i) => `Row ${i},1,Open,,1,${'x'.repeat(100)}`)].join('\n');
      expect((await merge(db.id, big, plan).expect(413)).body.error.message).toContain('size limit of 8192 bytes; nothing was changed');
    } finally {
      Object.assign(config, { COLLAB_MAX_DATABASE_BYTES: saved });
    }
    expect(await state(db.id)).toBe(before);
  });

  // The boundary itself (exactly the limit merges, one more is refused) is the core's, unit-tested in
  // packages/database (csv.test.ts): filling a database to 50,000 rows here took over a minute. This
  // is the refusal through the real server: a file that overflows the two-row database by one.
  it('holds a merge to the row limit with a 413 naming both counts, changing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = await tasksDatabase(ws);
    const before = await state(db.id);
    const plan = { columns: [{ action: 'property', propertyId: db.ids.Task }, skip(), skip(), skip(), skip(), skip()] } as CsvMergePlan;
    const rows = DatabaseLimits.rows - 2 + 1;
    const csv = ['task,SCORE,Status,Owner,Estimate,Notes', ...Array<string>(rows).fill('r,,,,,')].join('\n');
    const res = await merge(db.id, csv, plan).expect(413);
    expect(res.body.error.message).toBe('The database has 2 rows and the file 49,999; a database holds at most 50,000. Nothing was imported.');
    expect(await state(db.id)).toBe(before);
  });
});

function skip() {
  return { action: 'skip' } as const;
}
