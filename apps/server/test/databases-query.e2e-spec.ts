import { randomUUID } from 'node:crypto';
import { queryView, RowResolver, type Condition, type ConditionGroup, type Filter, type Property, type Sort } from '@tandem/database';
import { addProperty, addRows, readRows, readSchema, readViews, updateView } from '@tandem/database/ydoc';
import type { PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { DatabaseProjection } from '../src/databases/database-projection.service.js';
import { apiSuite, createWorkspace } from './support/world.js';
import { seededRandom } from './support/collab/fixtures.js';

// POST /databases/:id/query answers exactly what the web's queryView answers on the same rows: SQL
// over the projection narrows, the core decides. Many filters, sorts and searches over a seeded set
// of rows, paged through with small pages, compared id by id and in order.
describe('databases: the REST query agrees with queryView', () => {
  const api = apiSuite('databases-query-owner');
  let databaseId: string;
  let doc: Y.Doc;
  const names = new Map<string, string>();

  const OPTIONS = [
    { id: 'o1', name: 'Alpha', color: 'red' as const },
    { id: 'o2', name: 'beta', color: 'blue' as const },
    { id: 'o3', name: 'Gamma', color: 'green' as const },
  ];
  const STATUS = [
    { id: 's1', name: 'Todo', color: 'gray' as const, group: 'todo' as const },
    { id: 's2', name: 'Doing', color: 'blue' as const, group: 'in_progress' as const },
    { id: 's3', name: 'Done', color: 'green' as const, group: 'done' as const },
  ];
  const PROPERTIES: Property[] = [
    { id: 'notes', name: 'Notes', type: 'text' },
    { id: 'n', name: 'N', type: 'number', format: 'plain' },
    { id: 'sel', name: 'Sel', type: 'select', options: OPTIONS },
    { id: 'st', name: 'St', type: 'status', options: STATUS },
    { id: 'tags', name: 'Tags', type: 'multi_select', options: OPTIONS },
    { id: 'done', name: 'Done', type: 'checkbox' },
    { id: 'due', name: 'Due', type: 'date', includeTime: false, includeEnd: false },
    { id: 'at', name: 'At', type: 'date', includeTime: true, includeEnd: true },
    { id: 'who', name: 'Who', type: 'person' },
    { id: 'f', name: 'F', type: 'formula', expression: 'prop("N") * 2' },
    { id: 'ft', name: 'FT', type: 'formula', expression: 'concat(prop("Notes"), "!")' },
    { id: 'ct', name: 'Created', type: 'created_time' },
  ];
  const TEXTS = ['', '  ', 'apple pie', 'Apple', 'café', 'CAFÉ au lait', 'İstanbul', 'naïve 50%', 'under_score', 'pear', 'x;y', '🍐 pear', 'Zebra'];

  beforeAll(async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = (await api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ kind: 'database', title: 'Q' }).expect(201)).body as PageView;
    databaseId = db.id;
    names.set(api.owner.id, 'Owner');
    const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: databaseId } });
    doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state);
    for (const p of PROPERTIES) addProperty(doc, databaseId, p);
    const titleId = readSchema(doc, databaseId).properties[0]!.id;
    const rng = seededRandom(17);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
    const maybe = <T>(v: () => T): T | undefined => (rng() < 0.3 ? undefined : v());
    const other = randomUUID();
    const rows = Array.from({ length: 80 }, (_, i) => {
      const values: Record<string, unknown> = { [titleId]: pick(TEXTS) };
      const set = (k: string, v: unknown) => v !== undefined && (values[k] = v);
      set('notes', maybe(() => pick(TEXTS)));
      set('n', maybe(() => pick([0, 1, -2.5, 3, 10, 1e6, 0.1 + 0.2, null])));
      set('sel', maybe(() => pick([...OPTIONS.map((o) => o.id), null])));
      set('st', maybe(() => pick(STATUS.map((o) => o.id))));
      set('tags', maybe(() => OPTIONS.filter(() => rng() < 0.4).map((o) => o.id)));
      set('done', maybe(() => rng() < 0.5));
      set('due', maybe(() => ({ start: `2026-11-${String(20 + Math.floor(rng() * 20)).padStart(2, '0')}`.replace(/-(3[1-9])$/, '-30'), end: null })));
      set('at', maybe(() => ({ start: `2026-11-30T${pick(['00:30', '11:00', '23:30'])}:00.000Z`, end: rng() < 0.5 ? null : '2026-12-02T10:00:00.000Z' })));
      set('who', maybe(() => pick([[api.owner.id], [other], [api.owner.id, other], []])));
      return { id: randomUUID(), values, bad: i % 17 === 0 };
    });
    addRows(doc, databaseId, rows, { userId: api.owner.id, now: '2026-11-30T08:00:00.000Z' });
    // A few cells an older or hostile client wrote wrongly (no check stands on the edit path): the
    // core reads them as empty, and so must the query.
    for (const row of rows.filter((r) => r.bad)) (doc.getMap<Y.Map<Y.Map<unknown>>>('db.rows').get(row.id)!.get('values') as Y.Map<unknown>).set('n', 'not a number');
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    await api.prisma.document.update({ where: { pageId: databaseId }, data: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length } });
    expect(await api.app.get(DatabaseProjection).project(databaseId)).toMatchObject({ kind: 'projected', rows: 80 });
  });
  afterAll(() => doc?.destroy());

  // Small pages cross many page boundaries; `limit` is varied between comparisons.
  async function throughApi(body: { filter?: Filter | null; sorts?: Sort[]; search?: string; timeZone?: string }, limit = 7): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await api.http.post(`/databases/${databaseId}/query`).set('Authorization', api.owner.bearer).send({ ...body, limit, ...(cursor ? { cursor } : {}) });
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)} for ${JSON.stringify(body)}`);
      ids.push(...res.body.rows.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) return ids;
    }
    throw new Error('too many pages');
  }

  function reference(body: { filter?: Filter | null; sorts?: Sort[]; search?: string; timeZone?: string }): string[] {
    const schema = readSchema(doc, databaseId);
    const rows = readRows(doc);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const resolver = new RowResolver({ schema: () => schema, row: (_db, id) => byId.get(id) }, { timeZone: body.timeZone ?? 'UTC', now: Date.now(), userId: api.owner.id, personName: (id) => names.get(id) });
    return queryView({ filter: body.filter ?? null, sorts: body.sorts ?? [], groupBy: null, properties: [] }, rows, { databaseId, schema, resolver }, body.search ?? '').rows.map((r) => r.id);
  }

  const and = (...conditions: Filter['conditions']): Filter => ({ combinator: 'and', conditions });
  const or = (...conditions: Filter['conditions']): Filter => ({ combinator: 'or', conditions });
  const group = (combinator: 'and' | 'or', ...conditions: Condition[]): ConditionGroup => ({ combinator, conditions });
  const title = () => readSchema(doc, databaseId).properties[0]!.id;

  it('agrees on every operator, combinations, sorts and searches, page by page', async () => {
    const t = title();
    const filters: Array<Filter | null> = [
      null,
      and(),
      ...['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with'].flatMap((operator) =>
        ['apple', 'APPLE PIE', 'café', 'istanbul', 'İ', '50%', '_', 'x;y', '', 'pear'].map((value) => and({ property: t, operator, value } as Filter['conditions'][number])),
      ),
      and({ property: 'notes', operator: 'contains', value: 'a' }),
      and({ property: 'ft', operator: 'contains', value: 'pear!' }),
      ...['eq', 'neq', 'gt', 'gte', 'lt', 'lte'].flatMap((operator) => [0, 3, -1, 0.30000000000000004].map((value) => and({ property: 'n', operator, value } as Filter['conditions'][number]))),
      and({ property: 'f', operator: 'gt', value: 5 }),
      and({ property: 'sel', operator: 'is', value: 'o1' }),
      and({ property: 'sel', operator: 'is_not', value: 'o1' }),
      and({ property: 'sel', operator: 'is_any_of', value: ['o1', 'o3'] }),
      and({ property: 'sel', operator: 'is_none_of', value: ['o1', 'o3'] }),
      and({ property: 'st', operator: 'status_group_is', value: 'in_progress' }),
      and({ property: 'st', operator: 'is_not', value: 's3' }),
      ...['has_any', 'has_all', 'has_none'].flatMap((operator) => [['o1'], ['o1', 'o2']].map((value) => and({ property: 'tags', operator, value } as Filter['conditions'][number]))),
      and({ property: 'who', operator: 'has_any', value: ['@me'] }),
      and({ property: 'who', operator: 'has_none', value: ['@me'] }),
      and({ property: 'who', operator: 'has_all', value: ['@me', api.owner.id] }),
      and({ property: 'done', operator: 'is_checked' }),
      and({ property: 'done', operator: 'is_unchecked' }),
      ...[t, 'notes', 'n', 'sel', 'st', 'tags', 'due', 'who', 'f', 'ft'].flatMap((property) => [and({ property, operator: 'is_empty' }), and({ property, operator: 'is_not_empty' })]),
      and({ property: 'due', operator: 'date_is', value: { kind: 'exact', date: '2026-11-25' } }),
      and({ property: 'due', operator: 'date_before', value: { kind: 'exact', date: '2026-11-25' } }),
      and({ property: 'at', operator: 'date_is', value: { kind: 'exact', date: '2026-12-01' } }),
      and({ property: 'at', operator: 'date_on_or_after', value: { kind: 'exact', date: '2026-11-30' } }),
      and({ property: 'ct', operator: 'date_within', value: { direction: 'past', amount: 1, unit: 'year' } }),
      or({ property: 'sel', operator: 'is', value: 'o2' }, { property: 'n', operator: 'gt', value: 2 }),
      or({ property: 'sel', operator: 'is', value: 'o2' }, { property: 'due', operator: 'date_after', value: { kind: 'exact', date: '2026-11-28' } }),
      and({ property: 'done', operator: 'is_checked' }, group('or', { property: t, operator: 'contains', value: 'pear' }, { property: 'tags', operator: 'has_any', value: ['o3'] })),
      or(group('and', { property: 'n', operator: 'gte', value: 0 }, { property: 'n', operator: 'lt', value: 5 }), group('and', { property: 'st', operator: 'is', value: 's1' }), group('and')),
    ];
    const sortsList: Sort[][] = [[], [{ property: 'n', direction: 'descending' }], [{ property: t, direction: 'ascending' }, { property: 'due', direction: 'descending' }], [{ property: 'sel', direction: 'ascending' }, { property: 'f', direction: 'ascending' }]];
    let compared = 0;
    let nonTrivial = 0;
    for (const [i, filter] of filters.entries()) {
      const body = { filter, sorts: sortsList[i % sortsList.length]!, timeZone: i % 2 ? 'Pacific/Auckland' : 'America/Los_Angeles' };
      const expected = reference(body);
      expect({ body, ids: await throughApi(body, [7, 30, 100][i % 3]) }).toEqual({ body, ids: expected });
      compared += 1;
      if (expected.length > 0 && expected.length < 80) nonTrivial += 1;
    }
    // With sorts (the whole set is sorted) and without (keyset pages in the manual order).
    for (const search of ['pear', 'ALPHA', 'owner', '2026-11-2', 'café', '']) {
      for (const sorts of [[{ property: 'n', direction: 'ascending' as const }], []]) {
        const body = { search, sorts };
        expect({ body, ids: await throughApi(body, 5) }).toEqual({ body, ids: reference(body) });
        compared += 1;
      }
    }
    // The set is varied enough that most filters keep some rows and drop others.
    expect(nonTrivial).toBeGreaterThan(filters.length * 0.6);
    expect(compared).toBeGreaterThan(120);
    // ~140 comparisons, hundreds of requests: up to a minute or more on a loaded shared machine.
  }, 240_000);

  it('returns rows with values and computed cells, and refuses filters that do not fit the schema', async () => {
    const res = await api.http.post(`/databases/${databaseId}/query`).set('Authorization', api.owner.bearer).send({ filter: and({ property: 'n', operator: 'eq', value: 3 }), limit: 1 }).expect(200);
    expect(res.body.rows[0]).toMatchObject({ values: { n: 3 }, computed: { f: 6 } });
    for (const [body, field] of [
      [{ filter: and({ property: 'nope', operator: 'is_empty' }) }, 'body.filter.conditions.0'],
      [{ filter: and({ property: 'n', operator: 'contains', value: 'x' }) }, 'body.filter.conditions.0'],
      [{ filter: and({ property: 'sel', operator: 'is', value: 'o9' }) }, 'body.filter.conditions.0'],
      [{ limit: 101 }, 'body.limit'],
      [{ cursor: 'garbage' }, 'body.cursor'],
      [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      [{ sorts: [{ property: 'n', direction: 'up' }] }, 'body.sorts.0.direction'],
    ] as const) {
      const refused = await api.http.post(`/databases/${databaseId}/query`).set('Authorization', api.owner.bearer).send(body).expect(400);
      expect(Object.keys(refused.body.error.fields)).toContain(field);
    }
  });

  // What a page paints before its document is in: GET /databases/:id?firstRows= answers the first
  // view's first rows by that view's filter and sorts, as the query does, in the same request.
  it('GET with firstRows adds the first view\'s first rows, by its filter and sorts', async () => {
    const get = (query: string) => api.http.get(`/databases/${databaseId}${query}`).set('Authorization', api.owner.bearer);
    expect((await get('').expect(200)).body).not.toHaveProperty('firstRows');
    // The default view (no filter, manual order) first, then one filtered and sorted.
    const plain = (await get('?firstRows=5').expect(200)).body;
    expect(plain.firstRows.map((r: { id: string }) => r.id)).toEqual(reference({}).slice(0, 5));

    const view = readViews(doc)[0]!;
    const filter = and({ property: 'n', operator: 'gte', value: 1 });
    const sorts: Sort[] = [{ property: 'n', direction: 'descending' }];
    updateView(doc, databaseId, { ...view, filter, sorts });
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    await api.prisma.document.update({ where: { pageId: databaseId }, data: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length } });
    expect(await api.app.get(DatabaseProjection).project(databaseId)).toMatchObject({ kind: 'projected' });
    const expected = reference({ filter, sorts, timeZone: 'Asia/Tokyo' }).slice(0, 4);
    expect(expected.length).toBe(4);
    const sorted = (await get('?firstRows=4&timeZone=Asia/Tokyo').expect(200)).body;
    expect(sorted.views[0]).toMatchObject({ filter, sorts });
    expect(sorted.firstRows.map((r: { id: string }) => r.id)).toEqual(expected);
    expect(sorted.firstRows[0]).toMatchObject({ computed: { f: sorted.firstRows[0].values.n * 2 } });

    for (const [query, field] of [
      ['?firstRows=0', 'query.firstRows'],
      ['?firstRows=101', 'query.firstRows'],
      ['?firstRows=many', 'query.firstRows'],
      ['?firstRows=5&timeZone=Mars/Olympus', 'query.timeZone'],
      ['?rows=5', 'query'],
    ] as const) {
      const refused = await get(query).expect(400);
      expect(Object.keys(refused.body.error.fields).join(' ')).toContain(field);
    }
  });
});
