import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { checkFilter, readCell, relatedDatabaseIds, RowResolver, titleProperty, type DatabaseSchema, type Row } from '@tandem/database';
import { addRows, deleteRows, readRow, readRows, readSchema, readViews, rowPosition, setCells } from '@tandem/database/ydoc';
import type { CreateDatabaseRowBody, DatabaseCoversResponse, DatabaseGetQuery, DatabaseQueryBody, DatabaseQueryResponse, DatabaseResponse, DatabaseRowView, PageView, UpdateDatabaseRowBody } from '@tandem/protocol';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { AccessService, type PageAccess } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { PageRepository } from '../pages/page.repository.js';
import { toPageView } from '../pages/page-view.js';
import { DatabaseDocuments } from './database-documents.service.js';
import { DatabaseEdits } from './database-edits.service.js';
import { DatabaseMetaRepository, type DatabaseMetaRow } from './database-meta.repository.js';
import { DatabaseQueryService } from './database-query.service.js';
import { DatabaseSources } from './database-source.service.js';
import { projectRow, rowView } from './project-row.js';
import { RelationMirrors } from './relation-mirrors.service.js';
import { RowPageRepository } from './row-page.repository.js';

// A row as it is in the document after an edit, to answer with.
interface EditedRow {
  schema: DatabaseSchema;
  rows: Row[];
  row: Row;
  position: string;
}

// The REST side of databases (issue 17). Every decision goes through AccessService on the database
// page: rows inherit its access through the parent chain, like any sub-page.
@Injectable()
export class DatabasesService {
  constructor(
    private readonly access: AccessService,
    private readonly pages: PageRepository,
    private readonly documents: DatabaseDocuments,
    private readonly rowPages: RowPageRepository,
    private readonly after: AfterCommit,
    private readonly edits: DatabaseEdits,
    private readonly mirrors: RelationMirrors,
    private readonly queries: DatabaseQueryService,
    private readonly sources: DatabaseSources,
    private readonly meta: DatabaseMetaRepository,
    private readonly documentRows: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
  ) {}

  // Schema and views as in the current document. When the projection is current (it read the
  // persisted document, and nothing is in the stream after that) they come from DatabaseMeta:
  // the document itself is a whole apply on this process (about a second for 10,000 rows). With
  // `firstRows`, also the first view's first rows, as `query` answers them (a page's preview).
  async get(auth: AuthContext, databaseId: string, options: z.output<typeof DatabaseGetQuery> = {}): Promise<DatabaseResponse> {
    const access = await this.requireDatabase(auth, databaseId, 'viewer');
    const meta = await this.metaState(databaseId);
    const database = meta.current
      ? { id: databaseId, schema: meta.row.schema, views: meta.row.views }
      : await this.withDocument(databaseId, (doc) => ({ id: databaseId, schema: readSchema(doc, databaseId), views: readViews(doc) }));
    const view = database.views[0];
    if (!options.firstRows || !view) return database;
    // A projection behind the document still answers rows (as `query` does), with its own schema.
    const { rows } = await this.rows(auth, access.workspaceId, databaseId, meta.row, { filter: view.filter, sorts: view.sorts, limit: options.firstRows, timeZone: options.timeZone });
    return { ...database, firstRows: rows };
  }

  // The schema as in the current document, read as `get` reads it (the caller checked access).
  async currentSchema(databaseId: string): Promise<DatabaseSchema> {
    const meta = await this.metaState(databaseId);
    return meta.current ? meta.row.schema : this.withDocument(databaseId, (doc) => readSchema(doc, databaseId));
  }

  // Gallery covers: each row page's first image, as of its last persist.
  async covers(auth: AuthContext, databaseId: string): Promise<DatabaseCoversResponse> {
    await this.requireDatabase(auth, databaseId, 'viewer');
    return { covers: await this.rowPages.covers(databaseId) };
  }

  // Rows from the projection, checked against the projection's schema; a filter or sort naming a
  // property added since then is checked against the current document instead (so it is accepted
  // at once; its cells read empty until the projection catches up).
  async query(auth: AuthContext, databaseId: string, body: z.output<typeof DatabaseQueryBody>): Promise<DatabaseQueryResponse> {
    const access = await this.requireDatabase(auth, databaseId, 'viewer');
    return this.rows(auth, access.workspaceId, databaseId, await this.meta.find(databaseId), body);
  }

  // `query`'s rows, once access is checked and the projection's meta row read.
  private async rows(auth: AuthContext, workspaceId: string, databaseId: string, meta: DatabaseMetaRow | null, body: z.output<typeof DatabaseQueryBody>): Promise<DatabaseQueryResponse> {
    const fits = (schema: DatabaseSchema) => !(body.filter && checkFilter(body.filter, schema).length) && (body.sorts ?? []).every((s) => schema.properties.some((p) => p.id === s.property));
    const schema = meta && fits(meta.schema) ? meta.schema : await this.withDocument(databaseId, (doc) => readSchema(doc, databaseId));
    return this.queries.query(workspaceId, databaseId, schema, body, auth.user.id, await this.readableRelated(auth, databaseId, schema));
  }

  // A new row (and its page, at once). The id is the caller's when given: one already used by any
  // page, or by a row of this database, is a 409 and nothing changes. Two-way relation values also
  // link the target rows back (RelationMirrors), as an update does.
  async createRow(auth: AuthContext, databaseId: string, body: z.output<typeof CreateDatabaseRowBody>, client: ClientMeta): Promise<DatabaseRowView> {
    const access = await this.requireDatabase(auth, databaseId, 'editor');
    const id = body.id ?? randomUUID();
    if (await this.pages.find(id)) throw ApiError.conflict('That id is already used by a page.');
    const edited = await this.mirrors.edit(auth, access.workspaceId, databaseId, id, 'body.values', (doc) => {
      if (readRow(doc, id)) throw ApiError.conflict('That row already exists.');
      if (body.after && !readRow(doc, body.after)) throw ApiError.validation({ 'body.after': 'is not a row of this database' });
      addRows(doc, databaseId, [{ id, values: body.values ?? {}, after: body.after ?? null }], { userId: auth.user.id, now: new Date().toISOString() });
      return this.edited(doc, databaseId, id);
    });
    const title = readCell(titleProperty(edited.schema), edited.row) as string;
    const ensured = await this.rowPages.ensure(access.workspaceId, databaseId, [{ id, title, position: edited.position }], auth.user.id);
    if (ensured?.created.length) {
      await this.after.run({ audit: { action: 'page.created', targetType: 'page', targetId: id, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { kind: 'row', databaseId } } });
    }
    return this.view(auth, access.workspaceId, databaseId, edited);
  }

  async updateRow(auth: AuthContext, databaseId: string, rowId: string, body: z.output<typeof UpdateDatabaseRowBody>): Promise<DatabaseRowView> {
    const access = await this.requireDatabase(auth, databaseId, 'editor');
    const edited = await this.mirrors.edit(auth, access.workspaceId, databaseId, rowId, 'body.values', (doc) => {
      if (!readRow(doc, rowId)) throw ApiError.notFound('Row');
      setCells(doc, databaseId, rowId, body.values, { userId: auth.user.id, now: new Date().toISOString() });
      return this.edited(doc, databaseId, rowId);
    });
    return this.view(auth, access.workspaceId, databaseId, edited);
  }

  // The row leaves the document; the worker's projection then trashes its page. Two-way mirrors
  // that name it are left as they are, as the web's delete leaves them: a missing row reads as
  // absent everywhere (titles, rollups), and an undo or version restore that brings the row back
  // finds both sides still linked (docs/DECISIONS.md, two-way relations over REST).
  async deleteRow(auth: AuthContext, databaseId: string, rowId: string): Promise<void> {
    await this.requireDatabase(auth, databaseId, 'editor');
    await this.edits.edit(databaseId, auth.user.id, 'param.rowId', (doc) => {
      if (!readRow(doc, rowId)) throw ApiError.notFound('Row');
      deleteRows(doc, [rowId]);
    });
  }

  // The row's page, made now when the worker has not made it yet. The row must be in the
  // database's current document (persisted or still in the stream).
  async rowPage(auth: AuthContext, databaseId: string, rowId: string, client: ClientMeta): Promise<PageView> {
    const access = await this.requireDatabase(auth, databaseId, 'editor');
    const input = await this.documents.read(databaseId, (doc) => {
      const row = readRow(doc, rowId);
      if (!row) throw ApiError.notFound('Row');
      return { id: rowId, title: readCell(titleProperty(readSchema(doc, databaseId)), row) as string, position: rowPosition(doc, rowId) ?? 'a0' };
    });
    const ensured = await this.rowPages.ensure(access.workspaceId, databaseId, [input], auth.user.id);
    if (!ensured) throw ApiError.conflict('That database is in the trash. Restore it first.');
    const page = ensured.pages.get(rowId);
    if (!page) throw ApiError.conflict('That row id is already used by another page, so the row cannot have a page.');
    if (ensured.created.length) {
      await this.after.run({ audit: { action: 'page.created', targetType: 'page', targetId: rowId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { kind: 'row', databaseId } } });
    }
    // A share on the row itself can give more than the database does.
    return toPageView(page, (await this.access.pageRole(auth.principal, rowId)) ?? access.role);
  }

  private edited(doc: Y.Doc, databaseId: string, rowId: string): EditedRow {
    return { schema: readSchema(doc, databaseId), rows: readRows(doc), row: readRow(doc, rowId)!, position: rowPosition(doc, rowId) ?? '' };
  }

  // The row as the projection will store it (formulas and rollups evaluated now, in UTC).
  private async view(auth: AuthContext, workspaceId: string, databaseId: string, edited: EditedRow): Promise<DatabaseRowView> {
    const now = Date.now();
    const positions = new Map([[edited.row.id, edited.position]]);
    const readable = await this.readableRelated(auth, databaseId, edited.schema);
    const source = await this.sources.source(workspaceId, databaseId, { schema: edited.schema, rows: edited.rows, positions }, readable);
    return rowView(projectRow(databaseId, edited.schema, edited.row, edited.position, new RowResolver(source, { timeZone: 'UTC', now, userId: null }), now));
  }

  // The databases this one's relations point at that the caller may read (one batched access check).
  async readableRelated(auth: AuthContext, databaseId: string, schema: DatabaseSchema): Promise<Set<string>> {
    const related = relatedDatabaseIds(databaseId, schema);
    if (!related.length) return new Set();
    const access = await this.access.pageAccessMany(auth.principal, related);
    return new Set(related.filter((id) => access.get(id)));
  }

  // The projection's meta row, and whether it is current: it read the persisted document, and
  // nothing is in the stream after that.
  private async metaState(databaseId: string): Promise<{ row: DatabaseMetaRow; current: true } | { row: DatabaseMetaRow | null; current: false }> {
    const [row, persisted] = await Promise.all([this.meta.find(databaseId), this.documentRows.persistedPositions([databaseId])]);
    const upTo = persisted.get(databaseId);
    if (!row || !upTo || row.upTo !== upTo) return { row, current: false };
    return (await this.stream.readAfter(databaseId, upTo, 1)).length ? { row, current: false } : { row, current: true };
  }

  private withDocument<T>(databaseId: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.documents.read(databaseId, read);
  }

  // The database page with the caller's access: 404 when it is not a database they can see.
  async requireDatabase(auth: AuthContext, databaseId: string, role: 'viewer' | 'editor'): Promise<PageAccess> {
    const access = await this.access.requirePage(auth.principal, databaseId, role);
    if (access.kind !== 'database') throw ApiError.notFound('Database');
    if (role === 'editor' && access.trashed) throw ApiError.conflict('That database is in the trash. Restore it first.');
    return access;
  }
}
