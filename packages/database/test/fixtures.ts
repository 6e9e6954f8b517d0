// A small task tracker and a Projects database related to it: the shapes issue 17's e2e builds.
import { type DatabaseSchema, type DatabaseSource, type Row, RowResolver, type ViewerContext } from '../src/index.js';
import type { FilterScope } from '../src/filter-eval.js';

export const PROJECTS = 'projects';
export const TASKS = 'tasks';

export const projectsSchema: DatabaseSchema = {
  id: PROJECTS,
  properties: [
    { id: 'pname', name: 'Name', type: 'title' },
    { id: 'ptasks', name: 'Tasks', type: 'relation', targetDatabaseId: TASKS, syncedPropertyId: 'project' },
    { id: 'pcount', name: 'Task count', type: 'rollup', relationPropertyId: 'ptasks', targetPropertyId: 'title', function: 'count' },
    { id: 'pdone', name: 'Done', type: 'rollup', relationPropertyId: 'ptasks', targetPropertyId: 'done', function: 'percent_checked' },
    { id: 'ppoints', name: 'Points', type: 'rollup', relationPropertyId: 'ptasks', targetPropertyId: 'points', function: 'sum' },
  ],
};

export const tasksSchema: DatabaseSchema = {
  id: TASKS,
  properties: [
    { id: 'title', name: 'Task', type: 'title' },
    { id: 'notes', name: 'Notes', type: 'text' },
    { id: 'points', name: 'Points', type: 'number', format: 'plain' },
    {
      id: 'status',
      name: 'Status',
      type: 'status',
      options: [
        { id: 'todo', name: 'Not started', color: 'gray', group: 'todo' },
        { id: 'doing', name: 'In progress', color: 'blue', group: 'in_progress' },
        { id: 'review', name: 'Review', color: 'purple', group: 'in_progress' },
        { id: 'done', name: 'Done', color: 'green', group: 'done' },
      ],
    },
    {
      id: 'prio',
      name: 'Priority',
      type: 'select',
      options: [
        { id: 'high', name: 'High', color: 'red' },
        { id: 'low', name: 'Low', color: 'green' },
      ],
    },
    {
      id: 'tags',
      name: 'Tags',
      type: 'multi_select',
      options: [
        { id: 'bug', name: 'Bug', color: 'red' },
        { id: 'ui', name: 'UI', color: 'blue' },
        { id: 'api', name: 'API', color: 'orange' },
      ],
    },
    { id: 'due', name: 'Due', type: 'date', includeTime: false, includeEnd: false },
    { id: 'meet', name: 'Meeting', type: 'date', includeTime: true, includeEnd: true },
    { id: 'owner', name: 'Owner', type: 'person' },
    { id: 'done', name: 'Done', type: 'checkbox' },
    { id: 'link', name: 'Link', type: 'url' },
    { id: 'project', name: 'Project', type: 'relation', targetDatabaseId: PROJECTS, syncedPropertyId: 'ptasks' },
    { id: 'created', name: 'Created', type: 'created_time' },
    { id: 'author', name: 'Created by', type: 'created_by' },
    { id: 'double', name: 'Double', type: 'formula', expression: 'prop("Points") * 2' },
  ],
};

let n = 0;
export function row(values: Record<string, unknown>, meta: Partial<Omit<Row, 'values'>> = {}): Row {
  n += 1;
  return {
    id: meta.id ?? `r${n}`,
    values,
    createdTime: meta.createdTime ?? '2026-03-01T10:00:00.000Z',
    createdBy: meta.createdBy ?? 'alice',
    lastEditedTime: meta.lastEditedTime ?? '2026-03-02T10:00:00.000Z',
    lastEditedBy: meta.lastEditedBy ?? 'bob',
  };
}

export function memorySource(schemas: DatabaseSchema[], rows: Record<string, Row[]>): DatabaseSource {
  return {
    schema: (id) => schemas.find((s) => s.id === id),
    row: (db, id) => rows[db]?.find((r) => r.id === id),
  };
}

// 2026-03-10 23:30 UTC: already the 11th in Tokyo, still the 10th in New York.
export const NOW = Date.parse('2026-03-10T23:30:00.000Z');
export const PEOPLE: Record<string, string> = { alice: 'Alice Adams', bob: 'Bob Brown', carol: 'Carol Chen' };

export function context(over: Partial<ViewerContext> = {}): ViewerContext {
  return { timeZone: 'UTC', now: NOW, userId: 'alice', personName: (id) => PEOPLE[id], ...over };
}

export function scope(schema: DatabaseSchema, rows: Record<string, Row[]>, ctx: ViewerContext = context(), extra: DatabaseSchema[] = []): FilterScope {
  const source = memorySource([schema, ...extra], rows);
  return { databaseId: schema.id, schema, resolver: new RowResolver(source, ctx) };
}
