import { type DatabaseSchema, type DatabaseSide, diffDatabase, RowResolver, type Row } from '../src/index.js';
import { context, memorySource, row, TASKS, tasksSchema } from './fixtures.js';

// One side of a compare: the schema, its rows, and cells as the table shows them.
function side(schema: DatabaseSchema, rows: Row[]): DatabaseSide {
  const resolver = new RowResolver(memorySource([schema], { [TASKS]: rows }), context());
  return { schema, rows, display: (r, p) => resolver.display(TASKS, r, p) };
}

describe('diffDatabase', () => {
  const spec = row({ title: 'Write the spec', points: 3, status: 'todo' }, { id: 'spec' });
  const ship = row({ title: 'Ship it', points: 5, tags: ['bug'] }, { id: 'ship' });
  const base = side(tasksSchema, [spec, ship]);

  it('finds nothing between a database and itself', () => {
    expect(diffDatabase(base, side(tasksSchema, [spec, ship]))).toEqual({ properties: { added: [], removed: [], renamed: [] }, rows: { added: [], removed: [], changed: [] } });
  });

  it('lists rows added, removed and changed, each changed cell as displayed text', () => {
    const edited = { ...spec, values: { ...spec.values, points: 8, status: 'done' }, lastEditedTime: '2026-03-09T10:00:00.000Z' };
    const review = row({ title: 'Review' }, { id: 'review' });
    const diff = diffDatabase(base, side(tasksSchema, [edited, review]));
    expect(diff.rows.added).toEqual([{ id: 'review', title: 'Review' }]);
    expect(diff.rows.removed).toEqual([{ id: 'ship', title: 'Ship it' }]);
    // The formula over Points changed too, but computed properties are left out.
    expect(diff.rows.changed).toEqual([
      {
        id: 'spec',
        title: 'Write the spec',
        cells: [
          { property: 'Points', before: '3', after: '8' },
          { property: 'Status', before: 'Not started', after: 'Done' },
        ],
      },
    ]);
  });

  it('reports properties added, removed and renamed, and compares cells under the new name', () => {
    const schema: DatabaseSchema = {
      ...tasksSchema,
      properties: [...tasksSchema.properties.filter((p) => p.id !== 'notes').map((p) => (p.id === 'points' ? { ...p, name: 'Estimate' } : p)), { id: 'extra', name: 'Extra', type: 'text' }],
    };
    const diff = diffDatabase(base, side(schema, [{ ...spec, values: { ...spec.values, points: 2, extra: 'x' } }, ship]));
    expect(diff.properties).toEqual({ added: ['Extra'], removed: ['Notes'], renamed: [{ from: 'Points', to: 'Estimate' }] });
    expect(diff.rows.changed).toEqual([{ id: 'spec', title: 'Write the spec', cells: [{ property: 'Estimate', before: '3', after: '2' }] }]);
  });

  it('names an untitled row', () => {
    expect(diffDatabase(side(tasksSchema, []), side(tasksSchema, [row({}, { id: 'blank' })])).rows.added).toEqual([{ id: 'blank', title: 'Untitled' }]);
  });
});
