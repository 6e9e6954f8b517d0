import { EMPTY_GROUP, type DatabaseSchema, type Property, type View, visibleProperties } from '@tandem/database';
import { boardGroupCandidates, cleanView, columnStep, newView, schemaWithout, valuesForFilter, valueForGroup, valueForNewInGroup, viewColumns, withColumnMoved, withSummary, withVisibility, withWidth } from './views';

const schema: DatabaseSchema = {
  id: 'db',
  properties: [
    { id: 'title', name: 'Name', type: 'title' },
    { id: 'pts', name: 'Points', type: 'number', format: 'plain' },
    { id: 'tags', name: 'Tags', type: 'multi_select', options: [{ id: 'a', name: 'A', color: 'red' }, { id: 'b', name: 'B', color: 'blue' }] },
    { id: 'st', name: 'Status', type: 'status', options: [{ id: 'done', name: 'Done', color: 'green', group: 'done' }] },
  ],
};
const view: View = { id: 'v', name: 'Table', layout: 'table', filter: null, sorts: [], groupBy: null, properties: [{ id: 'pts', visible: true }] };

describe('view edits', () => {
  it('lists every property in the view order, the title first unless placed', () => {
    expect(viewColumns(view, schema).map((c) => c.id)).toEqual(['title', 'pts', 'tags', 'st']);
    expect(viewColumns(view, schema).map((c) => c.id)).toEqual(visibleProperties(view, schema));
    const hidden = withVisibility(view, schema, 'tags', false);
    expect(hidden.properties).toEqual([
      { id: 'title', visible: true },
      { id: 'pts', visible: true },
      { id: 'tags', visible: false },
      { id: 'st', visible: true },
    ]);
  });

  it('keeps a column width inside the bounds, and resets it with null', () => {
    const wide = withWidth(view, schema, 'pts', 5_000);
    expect(wide.properties.find((p) => p.id === 'pts')).toEqual({ id: 'pts', visible: true, width: 1_200 });
    expect(withWidth(view, schema, 'pts', 3).properties.find((p) => p.id === 'pts')?.width).toBe(40);
    expect(withWidth(wide, schema, 'pts', null).properties.find((p) => p.id === 'pts')).toEqual({ id: 'pts', visible: true });
  });

  it('moves a column before or after another, and one step among the shown columns', () => {
    expect(withColumnMoved(view, schema, 'st', 'title', 'before').properties.map((p) => p.id)).toEqual(['st', 'title', 'pts', 'tags']);
    expect(withColumnMoved(view, schema, 'title', 'tags', 'after').properties.map((p) => p.id)).toEqual(['pts', 'tags', 'title', 'st']);
    const moved = withColumnMoved(view, schema, 'title', 'st', 'after');
    expect(visibleProperties(moved, schema)).toEqual(['pts', 'tags', 'st', 'title']);
    expect(columnStep(['title', 'pts', 'st'], 'pts', -1)).toEqual({ targetId: 'title', side: 'before' });
    expect(columnStep(['title', 'pts', 'st'], 'pts', 1)).toEqual({ targetId: 'st', side: 'after' });
    expect(columnStep(['title', 'pts', 'st'], 'st', 1)).toBeNull();
  });

  it('sets and clears a summary; a cleaned view drops summaries that no longer fit', () => {
    const summed = withSummary(withSummary(view, 'pts', 'sum'), 'tags', 'count_values');
    expect(summed.summaries).toEqual({ pts: 'sum', tags: 'count_values' });
    expect(withSummary(summed, 'pts', null).summaries).toEqual({ tags: 'count_values' });
    expect(cleanView(summed, schemaWithout(schema, 'tags')).summaries).toEqual({ pts: 'sum' });
    const retyped = { ...schema, properties: schema.properties.map((p) => (p.id === 'pts' ? { id: 'pts', name: 'Points', type: 'text' as const } : p)) };
    expect(cleanView(summed, retyped).summaries).toEqual({ tags: 'count_values' });
  });

  it('groups a new board by status before other candidates', () => {
    expect(boardGroupCandidates(schema).map((p) => p.id)).toEqual(['st', 'tags']);
    expect(newView('b1', 'board', 'Board', schema).groupBy).toEqual({ property: 'st' });
    expect(newView('g1', 'gallery', 'Gallery', schema)).toMatchObject({ layout: 'gallery', groupBy: null, cardSize: 'medium', cardCover: 'page_image' });
  });

  it('sets the dragged-to group, swapping only the group a list value was dragged from', () => {
    const tags = schema.properties[2]!;
    expect(valueForGroup(tags, ['a', 'b'], 'a', 'c', EMPTY_GROUP)).toEqual(['b', 'c']);
    expect(valueForGroup(tags, ['a'], 'a', EMPTY_GROUP, EMPTY_GROUP)).toEqual([]);
    expect(valueForGroup(schema.properties[3]!, 'x', 'x', 'done', EMPTY_GROUP)).toBe('done');
    expect(valueForGroup(schema.properties[3]!, 'done', 'done', EMPTY_GROUP, EMPTY_GROUP)).toBeNull();
    expect(valueForGroup({ id: 'c', name: 'Done?', type: 'checkbox' }, false, 'false', 'true', EMPTY_GROUP)).toBe(true);
  });
});

describe('cleanView', () => {
  it('drops what refers to a deleted property and turns an orphaned board into a table', () => {
    const board: View = {
      id: 'b',
      name: 'Board',
      layout: 'board',
      filter: { combinator: 'and', conditions: [{ property: 'pts', operator: 'gt', value: 1 }, { combinator: 'or', conditions: [{ property: 'st', operator: 'is', value: 'done' }, { property: 'pts', operator: 'eq', value: 2 }] }] },
      sorts: [{ property: 'st', direction: 'ascending' }, { property: 'pts', direction: 'descending' }],
      groupBy: { property: 'st' },
      properties: [{ id: 'st', visible: true }, { id: 'pts', visible: false }],
    };
    const cleaned = cleanView(board, schemaWithout(schema, 'st'));
    expect(cleaned.layout).toBe('table');
    expect(cleaned.groupBy).toBeNull();
    expect(cleaned.filter).toEqual({ combinator: 'and', conditions: [{ property: 'pts', operator: 'gt', value: 1 }, { combinator: 'or', conditions: [{ property: 'pts', operator: 'eq', value: 2 }] }] });
    expect(cleaned.sorts).toEqual([{ property: 'pts', direction: 'descending' }]);
    expect(cleaned.properties).toEqual([{ id: 'pts', visible: false }]);
    expect(cleanView(board, schema)).toEqual(board);
  });
});

describe('valuesForFilter', () => {
  it('fills what an AND filter requires, so a new row stays in view', () => {
    const filter: View['filter'] = {
      combinator: 'and',
      conditions: [
        { property: 'st', operator: 'is', value: 'done' },
        { property: 'pts', operator: 'gte', value: 3 },
        { property: 'tags', operator: 'has_all', value: ['a', 'b'] },
        { property: 'title', operator: 'contains', value: 'spec' },
        { combinator: 'or', conditions: [{ property: 'pts', operator: 'eq', value: 1 }] },
      ],
    };
    expect(valuesForFilter(filter, schema, 'u1')).toEqual({ st: 'done', pts: 3, tags: ['a', 'b'] });
  });

  it('fills nothing an OR of several conditions leaves open, and "@me" is the person adding', () => {
    expect(valuesForFilter({ combinator: 'or', conditions: [{ property: 'st', operator: 'is', value: 'done' }, { property: 'pts', operator: 'eq', value: 1 }] }, schema, 'u1')).toEqual({});
    const people: DatabaseSchema = { ...schema, properties: [...schema.properties, { id: 'who', name: 'Owner', type: 'person' }] };
    expect(valuesForFilter({ combinator: 'or', conditions: [{ property: 'who', operator: 'has_any', value: ['@me'] }] }, people, 'u1')).toEqual({ who: ['u1'] });
    expect(valuesForFilter({ combinator: 'and', conditions: [{ property: 'st', operator: 'status_group_is', value: 'done' }] }, schema, null)).toEqual({ st: 'done' });
  });
});

describe('a new row inside a group', () => {
  const row = (id: string, values: Record<string, unknown>) => ({ id, values, createdTime: '', createdBy: '', lastEditedTime: '', lastEditedBy: '' });
  const prop = (id: string) => schema.properties.find((p) => p.id === id)!;
  const status: Property = {
    id: 'st',
    name: 'Status',
    type: 'status',
    options: [
      { id: 'todo', name: 'Not started', color: 'gray', group: 'todo' },
      { id: 'done', name: 'Done', color: 'green', group: 'done' },
    ],
  };

  it('sets the option of an option group, adds to a list, and sets nothing for the empty group', () => {
    expect(valueForNewInGroup(prop('tags'), { property: 'tags' }, { key: 'b', label: 'B', rows: [] })).toEqual(['b']);
    expect(valueForNewInGroup(status, { property: 'st' }, { key: 'done', label: 'Done', rows: [] })).toBe('done');
    expect(valueForNewInGroup(status, { property: 'st', statusBy: 'group' }, { key: 'todo', label: 'To-do', rows: [] })).toBe('todo');
    expect(valueForNewInGroup(prop('tags'), { property: 'tags' }, { key: EMPTY_GROUP, label: 'No Tags', rows: [row('r', { tags: ['a'] })] })).toBeUndefined();
    expect(valueForNewInGroup({ id: 'c', name: 'Done', type: 'checkbox' }, { property: 'c' }, { key: 'true', label: 'Checked', rows: [] })).toBe(true);
  });

  it('takes the value of a row already in a group of another type, and none for a computed property', () => {
    expect(valueForNewInGroup(prop('pts'), { property: 'pts', numberBucket: 10 }, { key: 'n:10', label: '10 – 20', rows: [row('r', { pts: 13 })] })).toBe(13);
    expect(valueForNewInGroup({ id: 'c', name: 'Created', type: 'created_time' }, { property: 'c' }, { key: '2026-11-30', label: '2026-11-30', rows: [row('r', {})] })).toBeUndefined();
  });
});
