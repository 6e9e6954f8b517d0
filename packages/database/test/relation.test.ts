import { applyMirrorEdit, type DatabaseSchema, defaultStatusOptions, MAX_RELATED_DATABASES, mirrorEdits, type PropertyOf, propertySchema, relatedDatabaseIds } from '../src/index.js';

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
