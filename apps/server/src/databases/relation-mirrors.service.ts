import { Injectable } from '@nestjs/common';
import { mirrorWrites, PropertyType, type PropertyOf, readCell } from '@tandem/database';
import { type Editor, readRow, readRows, readSchema, setCells } from '@tandem/database/ydoc';
import { roleAtLeast } from '@tandem/protocol';
import type * as Y from 'yjs';
import { AccessService } from '../access/access.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { DatabaseEdits, type HeldEdit } from './database-edits.service.js';

// One two-way relation cell of the row being written: as it was, and as the write leaves it.
interface RelationChange {
  property: PropertyOf<'relation'>;
  before: string[];
  after: string[];
}

// Rounds of "apply this row's edit, write its mirrors, store the edit": another is needed when
// the database was written to in between (the edit is applied again, and stored at once when the
// row's relation cells are still as the mirrors were written); more means the row keeps changing
// under us.
const ROUNDS = 3;

// REST row writes keep two-way relations in step, with the web's semantics (useRelationEdits and
// the core's `mirrorWrites`): each target row gained or lost gets its mirror cell rewritten, as this
// person, through DatabaseEdits (validation, size limit, stream and persist like any REST edit).
// Every target must be a database of this workspace that the person can edit, checked before either
// side is written (403 and nothing changed). A mirror property deleted or retyped makes the write
// one-way; target rows that are gone are skipped; a relation to its own database has no mirror.
//
// Order: the targets first, this row last. The mirrors are derived from this row's cell (its diff
// before → after), so as long as this row is unchanged a retry derives the same mirror edits again,
// and rewriting a mirror is idempotent: a failure between the two sides (a crash, Redis down) leaves
// a request that failed and heals when it is sent again. This side first would leave the row
// changed and the mirror not, and the same request again would see no diff and never write it.
// What a reader sees meanwhile is at worst a mirror naming a row that does not link back (or, for
// a new row, a row that does not exist yet, which reads as absent, like a deleted row).
//
// Each document is applied once when nobody writes to it meanwhile: this row's edit is applied and
// checked, held while the mirrors are written (so the relation changes come from the edit itself,
// and a refused edit writes no mirror), then stored as it is (DatabaseEdits.commit); each target is
// applied once too, held until the last one's checks passed.
@Injectable()
export class RelationMirrors {
  constructor(
    private readonly access: AccessService,
    private readonly edits: DatabaseEdits,
  ) {}

  // DatabaseEdits.edit for a change that creates or edits `rowId`, plus its mirrors.
  async edit<T>(auth: AuthContext, workspaceId: string, databaseId: string, rowId: string, field: string, change: (doc: Y.Doc) => T): Promise<T> {
    let written: string | null = null;
    for (let round = 1; ; round++) {
      let changes: RelationChange[] = [];
      const tracked = (doc: Y.Doc): T => {
        const before = twoWayCells(doc, databaseId, rowId);
        const result = change(doc);
        changes = relationChanges(before, twoWayCells(doc, databaseId, rowId));
        return result;
      };
      // Stored at once when its mirrors are written: none needed, or exactly these (the row's cells
      // did not change since they were derived).
      const { result, held } = await this.edits.editOrHold(databaseId, auth.user.id, field, tracked, () => !changes.length || key(changes) === written);
      if (!held) return result;
      if (round === ROUNDS) throw ApiError.conflict("The row's relations kept changing while this was written. Try again.");
      await this.writeMirrors(auth, workspaceId, rowId, field, changes);
      written = key(changes);
      if (await this.edits.commit(held)) return result;
    }
  }

  private async writeMirrors(auth: AuthContext, workspaceId: string, rowId: string, field: string, changes: RelationChange[]): Promise<void> {
    const byTarget = new Map<string, RelationChange[]>();
    for (const c of changes) byTarget.set(c.property.targetDatabaseId, [...(byTarget.get(c.property.targetDatabaseId) ?? []), c]);
    const access = await this.access.pageAccessMany(auth.principal, [...byTarget.keys()]);
    for (const id of byTarget.keys()) {
      const target = access.get(id);
      // Gone, trashed (for all but full access), another workspace's or not a database: the web
      // cannot load it either, and refuses the same way.
      if (!target || target.workspaceId !== workspaceId || target.kind !== 'database') throw ApiError.forbidden('You cannot read the related database, so this two-way relation cannot change here.');
      if (!roleAtLeast(target.role, 'editor')) throw ApiError.forbidden('You can read the related database but not edit it, so this two-way relation cannot change here. Make the relation one-way, or ask for edit access.');
    }
    // Every target checked as an edit (a mirror over the relation limit, the size limit) before any
    // is stored: each is held until the last one passed its checks, and that one, the last to be
    // checked, is stored at once (with one target, its edit is the whole check). A target with
    // nothing to write (its mirrors already say so) stores nothing.
    const mirror = (id: string) => (doc: Y.Doc) => applyMirrors(doc, id, rowId, byTarget.get(id)!, { userId: auth.user.id, now: new Date().toISOString() });
    const ids = [...byTarget.keys()];
    const held: HeldEdit[] = [];
    for (const [i, id] of ids.entries()) {
      const last = i === ids.length - 1;
      const { result: writes, held: edit } = await this.edits.editOrHold(id, auth.user.id, field, mirror(id), (n) => last && n > 0);
      if (edit && writes > 0) held.push(edit);
    }
    // A target written to meanwhile is applied (and checked) again.
    for (const edit of held) {
      if (!(await this.edits.commit(edit))) await this.edits.editOrHold(edit.databaseId, auth.user.id, field, mirror(edit.databaseId), (n) => n > 0);
    }
  }
}

// The row's two-way relations to other databases, with its cells (empty when the row is not there).
function twoWayCells(doc: Y.Doc, databaseId: string, rowId: string): Map<string, { property: PropertyOf<'relation'>; value: string[] }> {
  const row = readRow(doc, rowId);
  const cells = new Map<string, { property: PropertyOf<'relation'>; value: string[] }>();
  for (const p of readSchema(doc, databaseId).properties) {
    if (p.type !== PropertyType.Relation || p.syncedPropertyId === null || p.targetDatabaseId === databaseId) continue;
    cells.set(p.id, { property: p, value: row ? (readCell(p, row) as string[]) : [] });
  }
  return cells;
}

function relationChanges(before: ReturnType<typeof twoWayCells>, after: ReturnType<typeof twoWayCells>): RelationChange[] {
  const changes: RelationChange[] = [];
  for (const [id, { property, value }] of after) {
    const was = before.get(id)?.value ?? [];
    const [a, b] = [new Set(was), new Set(value)];
    if (a.size !== b.size || [...a].some((v) => !b.has(v))) changes.push({ property, before: was, after: value });
  }
  return changes;
}

// Equal keys mean the same mirror edits.
function key(changes: readonly RelationChange[]): string {
  return JSON.stringify(changes.map((c) => [c.property.id, c.property.targetDatabaseId, c.property.syncedPropertyId, [...c.before].sort(), [...c.after].sort()]));
}

// Writes the mirror cells of one target's rows; answers how many rows changed.
function applyMirrors(doc: Y.Doc, targetId: string, rowId: string, changes: readonly RelationChange[], by: Editor): number {
  let written = 0;
  for (const c of changes) {
    // A mirror over the relation limit throws DatabaseDocError: a 400, nothing stored.
    const writes = mirrorWrites(c.property, rowId, c.before, c.after, { schema: readSchema(doc, targetId), rows: readRows(doc) });
    for (const w of writes) setCells(doc, targetId, w.rowId, { [c.property.syncedPropertyId!]: w.value }, by);
    written += writes.length;
  }
  return written;
}
