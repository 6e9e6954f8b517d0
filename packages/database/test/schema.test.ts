import { checkCellValue, databaseSchemaSchema, DatabaseLimits, propertySchema, readCell, viewSchema } from '../src/index.js';
import { projectsSchema, row, tasksSchema } from './fixtures.js';

const prop = (id: string) => tasksSchema.properties.find((p) => p.id === id)!;

describe('database schema', () => {
  it('accepts the task tracker and projects schemas', () => {
    expect(databaseSchemaSchema.safeParse(tasksSchema).success).toBe(true);
    expect(databaseSchemaSchema.safeParse(projectsSchema).success).toBe(true);
  });

  it('needs exactly one title', () => {
    const noTitle = { id: 'x', properties: [{ id: 'a', name: 'A', type: 'text' }] };
    const twoTitles = { id: 'x', properties: [{ id: 'a', name: 'A', type: 'title' }, { id: 'b', name: 'B', type: 'title' }] };
    expect(databaseSchemaSchema.safeParse(noTitle).success).toBe(false);
    expect(databaseSchemaSchema.safeParse(twoTitles).success).toBe(false);
  });

  it('rejects duplicate property ids and names (names are case-insensitive, formulas use them)', () => {
    const dupName = { id: 'x', properties: [{ id: 'a', name: 'Name', type: 'title' }, { id: 'b', name: 'name', type: 'text' }] };
    const dupId = { id: 'x', properties: [{ id: 'a', name: 'Name', type: 'title' }, { id: 'a', name: 'Other', type: 'text' }] };
    expect(databaseSchemaSchema.safeParse(dupName).success).toBe(false);
    expect(databaseSchemaSchema.safeParse(dupId).success).toBe(false);
  });

  it('bounds names, option counts, formula length and the property list', () => {
    expect(propertySchema.safeParse({ id: 'a', name: 'x'.repeat(DatabaseLimits.nameLength + 1), type: 'text' }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 'a', name: '   ', type: 'text' }).success).toBe(false);
    const options = Array.from({ length: DatabaseLimits.optionsPerProperty + 1 }, (_, i) => ({ id: `o${i}`, name: `O${i}`, color: 'red' }));
    expect(propertySchema.safeParse({ id: 'a', name: 'S', type: 'select', options }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 'a', name: 'S', type: 'select', options: options.slice(0, 3) }).success).toBe(true);
    expect(propertySchema.safeParse({ id: 'a', name: 'F', type: 'formula', expression: '1'.repeat(DatabaseLimits.formulaLength + 1) }).success).toBe(false);
    const many = Array.from({ length: DatabaseLimits.properties + 1 }, (_, i) => ({ id: `p${i}`, name: `P${i}`, type: i === 0 ? 'title' : 'text' }));
    expect(databaseSchemaSchema.safeParse({ id: 'x', properties: many }).success).toBe(false);
  });

  it('rejects duplicate option names, unknown colours, bad ids and extra keys', () => {
    const dup = [
      { id: 'a', name: 'Red', color: 'red' },
      { id: 'b', name: 'red', color: 'blue' },
    ];
    expect(propertySchema.safeParse({ id: 'a', name: 'S', type: 'select', options: dup }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 'a', name: 'S', type: 'select', options: [{ id: 'a', name: 'X', color: 'neon' }] }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 'a b', name: 'S', type: 'text' }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 'a', name: 'S', type: 'text', extra: 1 }).success).toBe(false);
  });

  it('status options carry a To-do / In progress / Done group', () => {
    expect(propertySchema.safeParse({ id: 's', name: 'S', type: 'status', options: [{ id: 'a', name: 'A', color: 'red' }] }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 's', name: 'S', type: 'status', options: [{ id: 'a', name: 'A', color: 'red', group: 'done' }] }).success).toBe(true);
  });

  it('number formats and currency codes', () => {
    expect(propertySchema.safeParse({ id: 'n', name: 'N', type: 'number', format: 'currency', currency: 'EUR' }).success).toBe(true);
    expect(propertySchema.safeParse({ id: 'n', name: 'N', type: 'number', format: 'currency', currency: 'euro' }).success).toBe(false);
    expect(propertySchema.safeParse({ id: 'n', name: 'N', type: 'number', format: 'hex' }).success).toBe(false);
  });

  it('a rollup must point at a relation of its own database', () => {
    const bad = { id: 'x', properties: [{ id: 't', name: 'T', type: 'title' }, { id: 'r', name: 'R', type: 'rollup', relationPropertyId: 't', targetPropertyId: 'z', function: 'sum' }] };
    expect(databaseSchemaSchema.safeParse(bad).success).toBe(false);
  });
});

describe('cell values', () => {
  it('checks values against their property', () => {
    expect(checkCellValue(prop('points'), 3.5)).toBeNull();
    expect(checkCellValue(prop('points'), '3')).not.toBeNull();
    expect(checkCellValue(prop('points'), Infinity)).not.toBeNull();
    expect(checkCellValue(prop('prio'), 'high')).toBeNull();
    expect(checkCellValue(prop('prio'), 'nope')).toMatch(/no option nope/);
    expect(checkCellValue(prop('tags'), ['bug', 'bug'])).toMatch(/twice/);
    expect(checkCellValue(prop('tags'), ['bug', 'ui'])).toBeNull();
    expect(checkCellValue(prop('done'), true)).toBeNull();
    expect(checkCellValue(prop('created'), 'x')).toMatch(/computed/);
    expect(checkCellValue(prop('double'), 1)).toMatch(/computed/);
  });

  it('dates: day vs date-time per property, ranges only where allowed, end not before start', () => {
    expect(checkCellValue(prop('due'), { start: '2026-03-01', end: null })).toBeNull();
    expect(checkCellValue(prop('due'), { start: '2026-02-30', end: null })).not.toBeNull();
    expect(checkCellValue(prop('due'), { start: '2026-03-01T10:00:00Z', end: null })).toMatch(/without time/);
    expect(checkCellValue(prop('due'), { start: '2026-03-01', end: '2026-03-02' })).toMatch(/no end/);
    expect(checkCellValue(prop('meet'), { start: '2026-03-01T10:00:00Z', end: '2026-03-01T10:30:00+01:00' })).toMatch(/not before/);
    expect(checkCellValue(prop('meet'), { start: '2026-03-01T10:00:00Z', end: '2026-03-01T12:00:00+01:00' })).toBeNull();
    expect(checkCellValue(prop('meet'), { start: '2026-03-01', end: null })).toMatch(/needs a time/);
    expect(checkCellValue(prop('meet'), { start: '2026-03-01T10:00', end: null })).not.toBeNull();
  });

  it('reading a malformed or missing value gives the empty value of the type, never throws', () => {
    const r = row({ points: 'seven', tags: 'bug', done: 'yes' });
    expect(readCell(prop('points'), r)).toBeNull();
    expect(readCell(prop('tags'), r)).toEqual([]);
    expect(readCell(prop('done'), r)).toBe(false);
    expect(readCell(prop('notes'), r)).toBe('');
    const bad = row({ prio: 'no such id!', tags: ['ok', 'not ok'], due: { start: '2026-03-01', end: '2026-03-02T10:00:00Z' }, link: 'x'.repeat(DatabaseLimits.urlLength + 1), meet: { start: '2026-03-01T10:00:00Z', end: null, extra: 1 } });
    expect(readCell(prop('prio'), bad)).toBeNull();
    expect(readCell(prop('tags'), bad)).toEqual([]);
    expect(readCell(prop('due'), bad)).toBeNull();
    expect(readCell(prop('link'), bad)).toBe('');
    expect(readCell(prop('meet'), bad)).toBeNull();
    const good = row({ prio: 'low', tags: ['ui'], due: { start: '2026-03-01', end: null }, meet: { start: '2026-03-01T10:00:00Z', end: '2026-03-01T11:00:00Z' } });
    expect([readCell(prop('prio'), good), readCell(prop('tags'), good), readCell(prop('due'), good), readCell(prop('meet'), good)]).toEqual(['low', ['ui'], { start: '2026-03-01', end: null }, { start: '2026-03-01T10:00:00Z', end: '2026-03-01T11:00:00Z' }]);
  });
});

describe('views', () => {
  const base = { id: 'v', name: 'All', layout: 'table', filter: null, sorts: [], groupBy: null, properties: [] };
  it('accepts a table, requires a group for boards and a date for calendars', () => {
    expect(viewSchema.safeParse(base).success).toBe(true);
    expect(viewSchema.safeParse({ ...base, layout: 'board' }).success).toBe(false);
    expect(viewSchema.safeParse({ ...base, layout: 'board', groupBy: { property: 'status' } }).success).toBe(true);
    expect(viewSchema.safeParse({ ...base, layout: 'calendar' }).success).toBe(false);
    expect(viewSchema.safeParse({ ...base, layout: 'calendar', calendarBy: 'due' }).success).toBe(true);
  });
  it('bounds widths and sort levels and rejects repeated columns', () => {
    expect(viewSchema.safeParse({ ...base, properties: [{ id: 'a', visible: true, width: 10 }] }).success).toBe(false);
    expect(viewSchema.safeParse({ ...base, properties: [{ id: 'a', visible: true }, { id: 'a', visible: false }] }).success).toBe(false);
    const sorts = Array.from({ length: DatabaseLimits.sorts + 1 }, () => ({ property: 'a', direction: 'ascending' }));
    expect(viewSchema.safeParse({ ...base, sorts }).success).toBe(false);
  });
});
