import { addProperty, addRows, initDatabase, readRow, setCells } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import type { AccessService, PageAccess } from '../access/access.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { CollabGateway } from '../collab/collab.gateway.js';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/env.js';
import type { DatabaseDocuments, LentEdit, ReadPoint } from './database-documents.service.js';
import { DatabaseEdits } from './database-edits.service.js';
import type { DatabaseRowRepository } from './database-row.repository.js';
import { RelationMirrors } from './relation-mirrors.service.js';

// RelationMirrors over the real DatabaseEdits, with the documents held in memory: how often each
// document is applied, what is stored in which order, and what happens when someone writes to a
// document in between. The Postgres/Redis path is test/databases-relations.e2e-spec.ts.
const ada = { userId: 'ada', now: '2026-11-30T08:00:00.000Z' };
const auth = { user: { id: 'ada' }, principal: { kind: 'user', userId: 'ada' } } as unknown as AuthContext;

// tasks.project ⇄ projects.tasks and tasks.team ⇄ teams.members, each document a version number
// that every write moves on (the stream's newest entry, in the real DatabaseDocuments).
class Databases {
  readonly docs = new Map<string, Y.Doc>();
  readonly versions = new Map<string, number>();
  readonly loads: string[] = [];
  readonly stores: string[] = [];
  // Someone else's write, run after each stored edit (the n-th store of that database).
  meanwhile: (databaseId: string, n: number) => void = () => {};

  constructor() {
    this.database('tasks', 'title', [{ id: 'team', target: 'teams', mirror: 'members' }, { id: 'project', target: 'projects', mirror: 'tasks' }], ['t1', 't2']);
    this.database('projects', 'name', [{ id: 'tasks', target: 'tasks', mirror: 'project' }], ['p1', 'p2']);
    this.database('teams', 'name', [{ id: 'members', target: 'tasks', mirror: 'team' }], ['m1']);
  }

  private database(id: string, titleId: string, relations: { id: string; target: string; mirror: string }[], rows: string[]): void {
    const doc = new Y.Doc();
    initDatabase(doc, { titleId, viewId: 'v' });
    for (const r of relations) addProperty(doc, id, { id: r.id, name: r.id, type: 'relation', targetDatabaseId: r.target, syncedPropertyId: r.mirror });
    addRows(doc, id, rows.map((row) => ({ id: row, values: { [titleId]: row } })), ada);
    this.docs.set(id, doc);
    this.versions.set(id, 0);
  }

  write(databaseId: string, rowId: string, values: Record<string, unknown>): void {
    setCells(this.docs.get(databaseId)!, databaseId, rowId, values, { userId: 'bob', now: ada.now });
    this.versions.set(databaseId, this.versions.get(databaseId)! + 1);
  }

  cell(databaseId: string, rowId: string, propertyId: string): unknown {
    return readRow(this.docs.get(databaseId)!, rowId)!.values[propertyId];
  }

  service(): RelationMirrors {
    const point = (id: string): ReadPoint => ({ persistedUpTo: null, lastEntryId: String(this.versions.get(id)) });
    const documents = {
      edit: async (id: string, edit: (doc: Y.Doc, read: ReadPoint, bytes: number) => Promise<LentEdit<unknown>>) => {
        this.loads.push(id);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.docs.get(id)!));
        try {
          return (await edit(doc, point(id), Y.encodeStateAsUpdate(doc).byteLength)).value;
        } finally {
          doc.destroy();
        }
      },
      unchangedSince: async (id: string, read: ReadPoint) => read.lastEntryId === point(id).lastEntryId,
    } as unknown as DatabaseDocuments;
    const gateway = {
      applyServerEdit: async (id: string, update: Uint8Array) => {
        Y.applyUpdate(this.docs.get(id)!, update);
        this.versions.set(id, this.versions.get(id)! + 1);
        this.stores.push(id);
        this.meanwhile(id, this.stores.filter((s) => s === id).length);
        return '1-0';
      },
    } as unknown as CollabGateway;
    const rows = { withEditLock: (_id: string, work: () => Promise<unknown>) => work() } as unknown as DatabaseRowRepository;
    const config = { COLLAB_MAX_DATABASE_BYTES: 1_000_000, COLLAB_MAX_DOCUMENT_BYTES: 1_000_000 } as AppConfig;
    const access = {
      pageAccessMany: async (_principal: unknown, ids: string[]) => new Map(ids.map((id) => [id, { role: 'editor', workspaceId: 'w', kind: 'database' } as PageAccess])),
    } as unknown as AccessService;
    return new RelationMirrors(access, new DatabaseEdits(documents, gateway, rows, config));
  }
}

// A PATCH of tasks' row as DatabasesService.updateRow sends it.
function patch(databases: Databases, rowId: string, values: Record<string, unknown>): Promise<unknown> {
  return databases.service().edit(auth, 'w', 'tasks', rowId, 'body.values', (doc) => {
    setCells(doc, 'tasks', rowId, values, ada);
    return readRow(doc, rowId);
  });
}

async function status(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.getStatus();
    throw err;
  }
}

describe('RelationMirrors', () => {
  it('writes the target, then the row, applying each document once', async () => {
    const databases = new Databases();
    await patch(databases, 't1', { project: ['p1', 'p2'] });
    expect(databases.loads).toEqual(['tasks', 'projects']);
    expect(databases.stores).toEqual(['projects', 'tasks']);
    expect(databases.cell('tasks', 't1', 'project')).toEqual(['p1', 'p2']);
    expect([databases.cell('projects', 'p1', 'tasks'), databases.cell('projects', 'p2', 'tasks')]).toEqual([['t1'], ['t1']]);
  });

  it('stores a write that changes no two-way cell in one edit, reading no target', async () => {
    const databases = new Databases();
    await patch(databases, 't1', { title: 'Renamed' });
    expect(databases.loads).toEqual(['tasks']);
    expect(databases.stores).toEqual(['tasks']);
  });

  it('checks every target before storing any: a mirror over the relation limit refuses the whole write', async () => {
    const databases = new Databases();
    databases.write('projects', 'p1', { tasks: Array.from({ length: 1000 }, (_, i) => `x${i}`) });
    // Teams is applied first and fits; Projects, the last, does not: Teams was held, not stored.
    expect(await status(patch(databases, 't1', { team: ['m1'], project: ['p1'] }))).toBe(400);
    // One target: its own edit is the check.
    expect(await status(patch(databases, 't1', { project: ['p1'] }))).toBe(400);
    expect(databases.stores).toEqual([]);
    expect(databases.cell('teams', 'm1', 'members')).toBeUndefined();
    expect(databases.cell('tasks', 't1', 'project')).toBeUndefined();
  });

  it('writes two targets each applied once, and applies a target again when it was written to meanwhile', async () => {
    const databases = new Databases();
    // Someone edits Teams after Projects (the last target) is stored and before Teams is.
    databases.meanwhile = (id, n) => id === 'projects' && n === 1 && databases.write('teams', 'm1', { name: 'Core' });
    await patch(databases, 't1', { team: ['m1'], project: ['p1'] });
    expect(databases.loads).toEqual(['tasks', 'teams', 'projects', 'teams']);
    expect(databases.stores).toEqual(['projects', 'teams', 'tasks']);
    expect([databases.cell('teams', 'm1', 'members'), databases.cell('teams', 'm1', 'name')]).toEqual([['t1'], 'Core']);
  });

  it('applies the row again when its database was written to meanwhile, and stores it at once when its cells are as mirrored', async () => {
    const databases = new Databases();
    databases.meanwhile = (id, n) => id === 'projects' && n === 1 && databases.write('tasks', 't2', { title: 'Elsewhere' });
    await patch(databases, 't1', { project: ['p1'] });
    expect(databases.loads).toEqual(['tasks', 'projects', 'tasks']);
    expect(databases.stores).toEqual(['projects', 'tasks']);
    expect(databases.cell('tasks', 't1', 'project')).toEqual(['p1']);
  });

  it('mirrors the new diff when the row\'s cell changed while its mirrors were written', async () => {
    const databases = new Databases();
    // Bob links t1 to p2 from the web (both sides) while the mirror of p1 is written.
    databases.meanwhile = (id, n) => {
      if (id !== 'projects' || n !== 1) return;
      databases.write('tasks', 't1', { project: ['p2'] });
      databases.write('projects', 'p2', { tasks: ['t1'] });
    };
    await patch(databases, 't1', { project: ['p1'] });
    expect(databases.stores).toEqual(['projects', 'projects', 'tasks']);
    expect(databases.cell('tasks', 't1', 'project')).toEqual(['p1']);
    expect([databases.cell('projects', 'p1', 'tasks'), databases.cell('projects', 'p2', 'tasks')]).toEqual([['t1'], []]);
  });

  it('refuses with a 409 after three rounds when the row keeps changing, storing nothing of it', async () => {
    const databases = new Databases();
    databases.meanwhile = (id, n) => id === 'projects' && databases.write('tasks', 't1', { project: [`elsewhere${n}`] });
    expect(await status(patch(databases, 't1', { project: ['p1'] }))).toBe(409);
    expect(databases.loads.filter((id) => id === 'tasks')).toHaveLength(3);
    expect(databases.stores).toEqual(['projects', 'projects']);
    expect(databases.cell('tasks', 't1', 'project')).toEqual(['elsewhere2']);
  });
});
