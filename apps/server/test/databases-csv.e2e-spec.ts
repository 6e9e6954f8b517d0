import { DatabaseLimits, type View } from '@tandem/database';
import { readRows, readSchema, readViews, updateView } from '@tandem/database/ydoc';
import type { CsvImportPlan, CsvImportResult, CsvPreview, PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { AppConfig, type Env } from '../src/config/env.js';
import { DatabaseProjection } from '../src/databases/database-projection.service.js';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// CSV import and export of databases (issue 17): the preview stores nothing, the import builds the
// whole database (properties, rows, then the row pages through the worker's projection) or nothing,
// and the export is the view as its viewer sees it.
describe('databases: CSV import and export', () => {
  const api = apiSuite('databases-csv');

  const TASKS = [
    'Name,Status,Due,Score,Notes,Internal',
    'Write spec,Open,2026-03-01T23:30:00Z,3,"first, then review",a',
    'Review,Done,2026-03-02T10:00:00Z,1,,b',
    '"=HYPERLINK(""x"")",Open,2026-03-03T10:00:00Z,5,"says ""hi""",c',
    'Ship,Open,2026-03-04T10:00:00Z,2,later,d',
  ].join('\r\n');

  const preview = (ws: string, csv: string | Buffer, bearer = api.owner.bearer, query = '') =>
    api.http.post(`/databases/import/preview?workspaceId=${ws}${query}`).set('Authorization', bearer).attach('file', Buffer.from(csv), 'tasks.csv');
  const importCsv = (ws: string, csv: string | Buffer, plan: CsvImportPlan | string, bearer = api.owner.bearer, query = '') =>
    api.http
      .post(`/databases/import?workspaceId=${ws}${query}`)
      .set('Authorization', bearer)
      .field('plan', typeof plan === 'string' ? plan : JSON.stringify(plan))
      .attach('file', Buffer.from(csv), 'tasks.csv');
  const pageCount = (ws: string) => api.prisma.page.count({ where: { workspaceId: ws } });
  const documentOf = async (pageId: string) => {
    const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state);
    return doc;
  };

  it('previews the inferred plan, the row count and the first rows, storing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const before = await pageCount(ws);
    const body = (await preview(ws, TASKS).expect(200)).body as CsvPreview;
    expect(body.rowCount).toBe(4);
    expect(body.columns).toEqual([
      { name: 'Name', type: 'title' },
      { name: 'Status', type: 'select' },
      { name: 'Due', type: 'date', includeTime: true },
      { name: 'Score', type: 'number' },
      { name: 'Notes', type: 'text' },
      { name: 'Internal', type: 'text' },
    ]);
    expect(body.sample[2]).toEqual(['=HYPERLINK("x")', 'Open', '2026-03-03T10:00:00Z', '5', 'says "hi"', 'c']);
    expect(await pageCount(ws)).toBe(before);
  });

  const PLAN: CsvImportPlan = {
    title: 'Tasks',
    columns: [
      { name: 'Task', type: 'title' },
      { name: 'Status', type: 'select' },
      { name: 'Due', type: 'date', includeTime: true },
      // Retyped: numbers kept as text.
      { name: 'Score', type: 'text' },
      { name: 'Notes', type: 'text' },
      { name: 'Internal', type: 'text', skip: true },
    ],
  };

  it('imports a new database with the edited plan, and the projection makes its row pages', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const parent = await createPage(api.app, api.owner, ws, { title: 'Projects' });
    const res = (await importCsv(ws, TASKS, PLAN, api.owner.bearer, `&parentId=${parent.id}`).expect(201)).body as CsvImportResult;
    expect(res).toMatchObject({ rowCount: 4, problems: [], page: { kind: 'database', title: 'Tasks', parentId: parent.id, workspaceId: ws } });
    const doc = await documentOf(res.page.id);
    const schema = readSchema(doc, res.page.id);
    expect(schema.properties.map((p) => [p.name, p.type])).toEqual([
      ['Task', 'title'],
      ['Status', 'select'],
      ['Due', 'date'],
      ['Score', 'text'],
      ['Notes', 'text'],
    ]);
    const [title, status, due, score, notes] = schema.properties;
    const statusOptions = status!.type === 'select' ? status!.options : [];
    expect(statusOptions.map((o) => o.name)).toEqual(['Open', 'Done']);
    const rows = readRows(doc);
    expect(rows.map((r) => r.values[title!.id])).toEqual(['Write spec', 'Review', '=HYPERLINK("x")', 'Ship']);
    expect(rows[0]!.values).toEqual({
      [title!.id]: 'Write spec',
      [status!.id]: statusOptions[0]!.id,
      [due!.id]: { start: '2026-03-01T23:30:00.000Z', end: null },
      [score!.id]: '3',
      [notes!.id]: 'first, then review',
    });
    expect(rows.every((r) => r.createdBy === api.owner.id)).toBe(true);
    expect(readViews(doc)).toHaveLength(1);
    doc.destroy();
    expect(await api.prisma.auditLog.count({ where: { action: 'page.created', targetId: res.page.id } })).toBe(1);

    // The worker's job (run here) makes one page per row under the database.
    expect(await api.app.get(DatabaseProjection).project(res.page.id)).toMatchObject({ kind: 'projected', rows: 4, pagesMade: 4 });
    const rowPages = await api.prisma.page.findMany({ where: { parentId: res.page.id, kind: 'row' }, orderBy: { position: 'asc' } });
    expect(rowPages.map((p) => p.title)).toEqual(['Write spec', 'Review', '=HYPERLINK("x")', 'Ship']);
  });

  it('imports cells that do not fit a retyped column as empty and lists them by line', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const plan: CsvImportPlan = { title: '', columns: [{ name: 'Name', type: 'title' }, { name: 'Status', type: 'number' }, ...PLAN.columns.slice(2)] };
    const res = (await importCsv(ws, TASKS, plan).expect(201)).body as CsvImportResult;
    expect(res.problems).toEqual([2, 3, 4, 5].map((line, i) => ({ line, column: 'Status', message: `"${['Open', 'Done', 'Open', 'Open'][i]}" is not a number` })));
    const doc = await documentOf(res.page.id);
    const status = readSchema(doc, res.page.id).properties[1]!;
    expect(readRows(doc).map((r) => r.values[status.id])).toEqual([null, null, null, null]);
    doc.destroy();
  });

  it('refuses a 10 MB file with broken quoting at its first bad line, importing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const line = 'Some row title,Open,2026-03-01,3,"a quoted, long enough note to fill the file quickly"';
    // ASCII, so characters are bytes: as many lines as fit under the limit.
    const lines = ['Name,Status,Due,Score,Notes', ...Array<string>(Math.floor((DatabaseLimits.csvBytes - 100) / (line.length + 1))).fill(line)];
    // Line 12,346 of the file (the header is line 1): a quote inside a quoted cell not doubled.
    lines[12_345] = 'Bad row,Open,2026-03-01,3,"she said "hi" twice"';
    const csv = lines.join('\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(9.9 * 1024 * 1024);
    expect(Buffer.byteLength(csv)).toBeLessThanOrEqual(DatabaseLimits.csvBytes);
    const before = await pageCount(ws);
    const plan: CsvImportPlan = { title: 'Big', columns: ['Name', 'Status', 'Due', 'Score', 'Notes'].map((name, i) => ({ name, type: i === 0 ? 'title' : 'text' })) };
    for (const res of [await preview(ws, csv).expect(400), await importCsv(ws, csv, plan).expect(400)]) {
      expect(res.body.error.fields.file).toMatch(/^line 12346: /);
    }
    // An unclosed quote is reported where its record starts, not at the end of the file.
    // (The rows after it hold no quote that would close it.)
    const unclosed = [...lines.slice(0, 12_345), 'Bad row,Open,2026-03-01,3,"never closed', ...Array<string>(5_000).fill('Row,Open,2026-03-01,3,plain note')].join('\n');
    expect((await preview(ws, unclosed).expect(400)).body.error.fields.file).toBe('line 12346: a quoted cell is never closed (a " is missing)');
    expect(await pageCount(ws)).toBe(before);
  }, 60_000);

  it('refuses files over the limits (size, columns, rows), empty or not UTF-8, with a clear error', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const before = await pageCount(ws);
    const over = Buffer.alloc(DatabaseLimits.csvBytes + 10, 'a');
    expect((await preview(ws, over).expect(413)).body.error.message).toBe('A CSV file may be at most 10 MB.');
    const wide = Array.from({ length: DatabaseLimits.csvColumns + 1 }, (_, i) => `c${i}`).join(',');
    expect((await preview(ws, `${wide}\n${wide}`).expect(400)).body.error.fields.file).toBe(`more than ${DatabaseLimits.csvColumns} columns`);
    const long = `Name\n${'x\n'.repeat(DatabaseLimits.csvRows + 1)}`;
    expect((await preview(ws, long).expect(400)).body.error.fields.file).toBe(`more than ${DatabaseLimits.csvRows} rows`);
    expect((await preview(ws, '').expect(400)).body.error.fields.file).toBe('is empty');
    expect((await preview(ws, Buffer.from([0x4e, 0x61, 0xff, 0x0a])).expect(400)).body.error.fields.file).toMatch(/not UTF-8/);
    expect((await preview(ws, 'a,b\n1,2,3\n').expect(400)).body.error.fields.file).toBe('line 2: 3 cells where the header has 2');
    const json = await api.http.post(`/databases/import/preview?workspaceId=${ws}`).set('Authorization', api.owner.bearer).send({ csv: 'a,b' }).expect(400);
    expect(json.body.error.fields.body).toMatch(/multipart/);
    expect(await pageCount(ws)).toBe(before);
  });

  it("holds an import to the database size limit, not the page limit", async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const config = api.app.get(AppConfig) as Env;
    const saved = { page: config.COLLAB_MAX_DOCUMENT_BYTES, database: config.COLLAB_MAX_DATABASE_BYTES };
    try {
      // The tasks' database is a few kilobytes: over a 1 KB page limit, under a 1 MB database one.
      Object.assign(config, { COLLAB_MAX_DOCUMENT_BYTES: 1024, COLLAB_MAX_DATABASE_BYTES: 1_000_000 });
      await importCsv(ws, TASKS, PLAN).expect(201);
      Object.assign(config, { COLLAB_MAX_DATABASE_BYTES: 1024 });
      const before = await pageCount(ws);
      expect((await importCsv(ws, TASKS, PLAN).expect(413)).body.error.message).toContain('size limit of 1024 bytes');
      expect(await pageCount(ws)).toBe(before);
    } finally {
      Object.assign(config, { COLLAB_MAX_DOCUMENT_BYTES: saved.page, COLLAB_MAX_DATABASE_BYTES: saved.database });
    }
  });

  it('refuses a plan that does not fit the file or the rules, importing nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const before = await pageCount(ws);
    const cols = PLAN.columns;
    for (const [plan, field, message] of [
      [undefined, 'plan', /is required/],
      ['{not json', 'plan', /not valid JSON/],
      [{ ...PLAN, columns: cols.slice(0, 5) }, 'plan.columns', /has 5 entries; the file has 6 columns/],
      [{ ...PLAN, columns: [{ name: 'Name', type: 'text' }, ...cols.slice(1)] }, 'plan.columns', /exactly one imported column must be the title/],
      [{ ...PLAN, columns: [cols[0], { name: 'task', type: 'text' }, ...cols.slice(2)] }, 'plan.columns', /two columns are named "task"/],
      [{ ...PLAN, columns: [cols[0], { name: 'Status', type: 'formula' }, ...cols.slice(2)] }, 'plan.columns.1.type', /must be one of/],
      [{ ...PLAN, extra: 1 }, 'plan', /.+/],
    ] as const) {
      const req = api.http.post(`/databases/import?workspaceId=${ws}`).set('Authorization', api.owner.bearer);
      if (plan !== undefined) req.field('plan', typeof plan === 'string' ? plan : JSON.stringify(plan));
      const res = await req.attach('file', Buffer.from(TASKS), 'tasks.csv').expect(400);
      expect(res.body.error.fields[field]).toMatch(message);
    }
    expect(await pageCount(ws)).toBe(before);
  });

  it('imports only where the person may add pages', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const parent = await createPage(api.app, api.owner, ws, { title: 'Shared' });
    const guest = await addMember(api.app, ws, 'guest');
    const member = await addMember(api.app, ws, 'member');
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner, 'Other'), 'member', 'outsider');
    await api.http.put(`/pages/${parent.id}/shares`).set('Authorization', api.owner.bearer).send({ email: guest.email, role: 'viewer' }).expect(200);
    const before = await pageCount(ws);
    expect((await preview(ws, TASKS, guest.bearer).expect(403)).body.error.message).toMatch(/Guests/);
    await preview(ws, TASKS, guest.bearer, `&parentId=${parent.id}`).expect(403);
    await importCsv(ws, TASKS, PLAN, guest.bearer, `&parentId=${parent.id}`).expect(403);
    await importCsv(ws, TASKS, PLAN, outsider.bearer).expect(404);
    await api.http.post(`/databases/import?workspaceId=${ws}`).attach('file', Buffer.from(TASKS), 'tasks.csv').expect(401);
    await preview(ws, TASKS, member.bearer, '&parentId=not-a-uuid').expect(400);
    expect(await pageCount(ws)).toBe(before);
    await api.http.put(`/pages/${parent.id}/shares`).set('Authorization', api.owner.bearer).send({ email: guest.email, role: 'editor' }).expect(200);
    expect((await importCsv(ws, TASKS, PLAN, guest.bearer, `&parentId=${parent.id}`).expect(201)).body.page.role).toBe('editor');
    expect((await importCsv(ws, TASKS, PLAN, member.bearer).expect(201)).body.page.parentId).toBeNull();
  });

  it("exports a view as its viewer sees it: visible columns, filter, sort, their time zone, defused formulas", async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = ((await importCsv(ws, TASKS, { ...PLAN, columns: PLAN.columns.map((c) => (c.name === 'Score' ? { ...c, type: 'number' } : c)) }).expect(201)).body as CsvImportResult).page;
    // A client's edit of the view, still in the stream (the export reads the current document).
    const doc = await documentOf(db.id);
    const [, status, , score, notes] = readSchema(doc, db.id).properties;
    const open = status!.type === 'select' ? status!.options.find((o) => o.name === 'Open')!.id : '';
    const view = readViews(doc)[0]!;
    const before = Y.encodeStateVector(doc);
    const edited: View = {
      ...view,
      filter: { combinator: 'and', conditions: [{ property: status!.id, operator: 'is', value: open }] },
      sorts: [{ property: score!.id, direction: 'descending' }],
      properties: [{ id: notes!.id, visible: false }],
    };
    updateView(doc, db.id, edited);
    await api.app.get(DocumentStreamRepository).append(db.id, Y.encodeStateAsUpdate(doc, before), api.owner.id);
    doc.destroy();

    const url = `/databases/${db.id}/views/${view.id}/export.csv`;
    const res = await api.http.get(`${url}?timeZone=Asia/Tokyo`).set('Authorization', api.owner.bearer).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('filename="Tasks - Table.csv"');
    expect(res.body).toBe(
      '\uFEFFTask,Status,Due,Score\r\n' + '"\'=HYPERLINK(""x"")",Open,2026-03-03 19:00,5\r\n' + 'Write spec,Open,2026-03-02 08:30,3\r\n' + 'Ship,Open,2026-03-04 19:00,2\r\n',
    );
    // A viewer may export; the zone defaults to UTC; a bad zone, an unknown view or no access is refused.
    const viewer = await addMember(api.app, ws, 'guest', 'viewer');
    await api.http.put(`/pages/${db.id}/shares`).set('Authorization', api.owner.bearer).send({ email: viewer.email, role: 'viewer' }).expect(200);
    const utc = await api.http.get(url).set('Authorization', viewer.bearer).expect(200);
    expect(utc.text).toContain('Write spec,Open,2026-03-01 23:30,3\r\n');
    expect((await api.http.get(`${url}?timeZone=Mars/Olympus`).set('Authorization', viewer.bearer).expect(400)).body.error.fields['query.timeZone']).toMatch(/IANA/);
    await api.http.get(`/databases/${db.id}/views/nope/export.csv`).set('Authorization', viewer.bearer).expect(404);
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner, 'Other'), 'member', 'outsider');
    await api.http.get(url).set('Authorization', outsider.bearer).expect(404);
    const page = await createPage(api.app, api.owner, ws, { title: 'Not a database' });
    await api.http.get(`/databases/${page.id}/views/${view.id}/export.csv`).set('Authorization', api.owner.bearer).expect(404);
    expect(((await api.http.get(`/pages/${db.id}`).set('Authorization', api.owner.bearer).expect(200)).body.page as PageView).kind).toBe('database');
  });
});
