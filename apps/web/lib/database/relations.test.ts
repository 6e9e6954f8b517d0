import { type DatabaseSchema, queryView, type Row, type View } from '@tandem/database';
import { scopeFor } from './model';
import { databaseSource, pageIdIn, relationPair, searchRows } from './relations';

const TASKS = 'tasks';
const PROJECTS = 'projects';
const tasks: DatabaseSchema = {
  id: TASKS,
  properties: [
    { id: 'tname', name: 'Name', type: 'title' },
    { id: 'pts', name: 'Points', type: 'number', format: 'plain' },
    { id: 'tproj', name: 'Project', type: 'relation', targetDatabaseId: PROJECTS, syncedPropertyId: 'ptasks' },
  ],
};
const projects: DatabaseSchema = {
  id: PROJECTS,
  properties: [
    { id: 'pname', name: 'Name', type: 'title' },
    { id: 'ptasks', name: 'Tasks', type: 'relation', targetDatabaseId: TASKS, syncedPropertyId: 'tproj' },
    { id: 'psum', name: 'Points', type: 'rollup', relationPropertyId: 'ptasks', targetPropertyId: 'pts', function: 'sum' },
  ],
};
const row = (id: string, values: Record<string, unknown>): Row => ({ id, values, createdTime: '2026-01-01T00:00:00.000Z', createdBy: 'u', lastEditedTime: '2026-01-01T00:00:00.000Z', lastEditedBy: 'u' });
const context = { timeZone: 'UTC', now: Date.parse('2026-06-01T00:00:00Z'), userId: 'u' };

describe('relations on the web', () => {
  const taskRows = [row('t1', { tname: 'Spec', pts: 3, tproj: ['p1'] }), row('t2', { tname: 'Build', pts: 5, tproj: ['p1'] }), row('t3', { tname: 'Test', pts: 2 })];
  const projectRows = [row('p1', { pname: 'Launch', ptasks: ['t1', 't2'] }), row('p2', { pname: 'Docs', ptasks: [] })];

  it('reads rollups and related titles from the loaded databases, and none from one not loaded', () => {
    const view: View = { id: 'v', name: 'T', layout: 'table', filter: { combinator: 'and', conditions: [{ property: 'psum', operator: 'gt', value: 4 }] }, sorts: [], groupBy: null, properties: [] };
    const loaded = scopeFor(PROJECTS, projects, projectRows, context, new Map([[TASKS, { schema: tasks, rows: taskRows }]]));
    expect(loaded.resolver.value(PROJECTS, projectRows[0]!, projects.properties[2]!)).toBe(8);
    expect(loaded.resolver.display(PROJECTS, projectRows[0]!, projects.properties[1]!)).toBe('Spec, Build');
    // Filters over a rollup work as on the server.
    expect(queryView(view, projectRows, loaded).rows.map((r) => r.id)).toEqual(['p1']);
    const alone = scopeFor(PROJECTS, projects, projectRows, context);
    expect(alone.resolver.value(PROJECTS, projectRows[0]!, projects.properties[2]!)).toEqual({ error: 'unknown_property', message: 'Points: the rolled-up property no longer exists' });
    expect(alone.resolver.display(PROJECTS, projectRows[0]!, projects.properties[1]!)).toBe('');
  });

  it('the database itself wins over a related copy of the same id', () => {
    const source = databaseSource(TASKS, { schema: tasks, rows: taskRows }, new Map([[TASKS, { schema: projects, rows: [] }]]));
    expect(source.schema(TASKS)).toBe(tasks);
    expect(source.row(TASKS, 't2')?.values.tname).toBe('Build');
    expect(source.row(PROJECTS, 'p1')).toBeUndefined();
  });

  it('a new two-way relation and its mirror point at each other; a relation to itself stays one-way', () => {
    const pair = relationPair({ propertyId: 'a', mirrorId: 'b' }, TASKS, PROJECTS, { property: 'Projects', mirror: 'Tasks' }, true);
    expect(pair.property).toEqual({ id: 'a', name: 'Projects', type: 'relation', targetDatabaseId: PROJECTS, syncedPropertyId: 'b' });
    expect(pair.mirror).toEqual({ id: 'b', name: 'Tasks', type: 'relation', targetDatabaseId: TASKS, syncedPropertyId: 'a' });
    expect(relationPair({ propertyId: 'a', mirrorId: 'b' }, TASKS, PROJECTS, { property: 'P', mirror: 'T' }, false)).toEqual({ property: { ...pair.property, name: 'P', syncedPropertyId: null }, mirror: null });
    expect(relationPair({ propertyId: 'a', mirrorId: 'b' }, TASKS, TASKS, { property: 'P', mirror: 'T' }, true).mirror).toBeNull();
  });

  it('searches target rows by title, case-insensitively, in order', () => {
    expect(searchRows({ schema: tasks, rows: taskRows }, 'T').map((r) => r.id)).toEqual(['t3']);
    expect(searchRows({ schema: tasks, rows: taskRows }, ' s ').map((r) => r.id)).toEqual(['t1', 't3']);
    expect(searchRows({ schema: tasks, rows: taskRows }, '', 2).map((r) => r.id)).toEqual(['t1', 't2']);
  });

  it('finds a page id in a pasted link', () => {
    expect(pageIdIn('https://tandem.example/w/1/p/3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expect(pageIdIn('Projects')).toBeNull();
  });
});
