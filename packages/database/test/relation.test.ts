import { applyMirrorEdit, DatabaseDocError, type DatabaseSchema, defaultStatusOptions, MAX_RELATED_DATABASES, mirrorEdits, mirrorWrites, type PropertyOf, propertySchema, relatedDatabaseIds, type Row } from '../src/index.js';
import { DatabaseDocError as DocumentError } from '../src/ydoc.js';

const twoWay: PropertyOf<'relation'> = { id: 'project', name: 'Project', type: 'relation', targetDatabaseId: 'projects', syncedPropertyId: 'tasks' };

describe('two-way relations', () => {
  it('adding and removing related rows is the opposite edit on each target row', () => {
    expect(mirrorEdits(twoWay, 't1', ['p1', 'p2'], ['p2', 'p3'])).toEqual([
      { targetRowId: 'p3', add: 't1', remove: null },
      { targetRowId: 'p1', add: null, remove: 't1' },
    ]);
    expect(mirrorEdits({ ...twoWay, syncedPropertyId: null }, 't1', [], ['p1'])).toEqual([]);
    expect(mirrorEdits(twoWay, 't1', ['p1'], ['p1'])).toEqual([]);
  });

  it('applying an edit is idempotent and keeps the order', () => {
    const add = { targetRowId: 'p1', add: 't9', remove: null };
    expect(applyMirrorEdit(['t1', 't2'], add)).toEqual(['t1', 't2', 't9']);
    expect(applyMirrorEdit(['t1', 't9'], add)).toEqual(['t1', 't9']);
    expect(applyMirrorEdit(['t1', 't9', 't2'], { targetRowId: 'p1', add: null, remove: 't9' })).toEqual(['t1', 't2']);
  });

  const projects: DatabaseSchema = {
    id: 'projects',
    properties: [
      { id: 'pname', name: 'Name', type: 'title' },
      { id: 'tasks', name: 'Tasks', type: 'relation', targetDatabaseId: 'taskdb', syncedPropertyId: 'project' },
    ],
  };
  const row = (id: string, values: Record<string, unknown>): Row => ({ id, values, createdTime: '2026-01-01T00:00:00.000Z', createdBy: 'u', lastEditedTime: '2026-01-01T00:00:00.000Z', lastEditedBy: 'u' });
  const projectRows = [row('p1', { pname: 'Launch', tasks: ['t1', 't2'] }), row('p2', { pname: 'Docs', tasks: [] })];

  it('a two-way edit writes each gained or lost target row once; one-way writes nothing', () => {
    const target = { schema: projects, rows: projectRows };
    // t3 joins p1 and p2 is not touched; t1 leaves p1 and joins p2.
    expect(mirrorWrites(twoWay, 't3', [], ['p1'], target)).toEqual([{ rowId: 'p1', value: ['t1', 't2', 't3'] }]);
    expect(mirrorWrites(twoWay, 't1', ['p1'], ['p2'], target)).toEqual([
      { rowId: 'p2', value: ['t1'] },
      { rowId: 'p1', value: ['t2'] },
    ]);
    // A target row deleted meanwhile gets nothing; the mirror is idempotent.
    expect(mirrorWrites(twoWay, 't1', ['p1'], ['p1', 'gone'], target)).toEqual([]);
    expect(mirrorWrites(twoWay, 't2', [], ['p1'], target)).toEqual([{ rowId: 'p1', value: ['t1', 't2'] }]);
    expect(mirrorWrites({ ...twoWay, syncedPropertyId: null }, 't3', [], ['p1'], target)).toEqual([]);
  });

  it('writes no mirror once the other side was deleted or retyped, and refuses a mirror over the limit', () => {
    const without = { schema: { ...projects, properties: projects.properties.slice(0, 1) }, rows: projectRows };
    expect(mirrorWrites(twoWay, 't3', [], ['p1'], without)).toEqual([]);
    const retyped = { schema: { ...projects, properties: [projects.properties[0]!, { id: 'tasks', name: 'Tasks', type: 'text' as const }] }, rows: projectRows };
    expect(mirrorWrites(twoWay, 't3', [], ['p1'], retyped)).toEqual([]);
    const full = { schema: projects, rows: [row('p1', { pname: 'Launch', tasks: Array.from({ length: 1000 }, (_, i) => `t${i + 10}`) })] };
    expect(() => mirrorWrites(twoWay, 't3', [], ['p1'], full)).toThrow(DatabaseDocError);
    expect(() => mirrorWrites(twoWay, 't3', [], ['p1'], full)).toThrow(/more than 1,000 rows/);
  });

  it('refuses with the error the document functions throw, so a caller catches one class', () => {
    // The core (no Yjs) and @tandem/database/ydoc export the same class.
    expect(DatabaseDocError).toBe(DocumentError);
  });
});

describe('status defaults', () => {
  it('one option per group, valid as a property', () => {
    const options = defaultStatusOptions();
    expect(options.map((o) => o.group)).toEqual(['todo', 'in_progress', 'done']);
    expect(propertySchema.safeParse({ id: 's', name: 'Status', type: 'status', options }).success).toBe(true);
  });
});

describe('related databases', () => {
  const schema = (targets: string[]): DatabaseSchema => ({
    id: 'self',
    properties: [{ id: 'title', name: 'Name', type: 'title' }, ...targets.map((t, i) => ({ id: `r${i}`, name: `R${i}`, type: 'relation' as const, targetDatabaseId: t, syncedPropertyId: null }))],
  });

  it('lists each other target once, in property order, without the database itself', () => {
    expect(relatedDatabaseIds('self', schema(['b', 'self', 'a', 'b']))).toEqual(['b', 'a']);
  });

  it(`reads at most ${MAX_RELATED_DATABASES} of them`, () => {
    const many = Array.from({ length: MAX_RELATED_DATABASES + 5 }, (_, i) => `db${i}`);
    expect(relatedDatabaseIds('self', schema(many))).toEqual(many.slice(0, MAX_RELATED_DATABASES));
  });
});
