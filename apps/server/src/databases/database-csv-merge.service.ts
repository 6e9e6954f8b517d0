import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { checkMerge, mergeCsv, mergeRowLimit, proposeMerge, type CsvTable, type DatabaseSchema, type MergeColumn } from '@tandem/database';
import { addProperty, addRows, readSchema, rowCount, updateProperty } from '@tandem/database/ydoc';
import { CSV_PLAN_FIELD, CSV_PREVIEW_SAMPLE_ROWS, CsvMergePlan, type CsvMergePreview, type CsvMergeQuery, type CsvMergeResult } from '@tandem/protocol';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { countAttempt } from '../auth/attempts.js';
import type { AuthContext } from '../auth/auth-context.js';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { ApiError } from '../common/api-error.js';
import { shortId } from '../common/short-id.js';
import { AppConfig } from '../config/env.js';
import { parsedCsv, parsedPlan, receiveCsv } from './csv-upload.js';
import { DatabaseEdits } from './database-edits.service.js';
import { DatabasesService } from './databases.service.js';

type UploadRequest = Parameters<typeof receiveCsv>[0];
type Query = z.output<typeof CsvMergeQuery>;

// "Merge with CSV" (issue 17): a file's rows appended to an existing database. Received, parsed and
// limited like a new-database import (csv-upload.ts, the same rate bucket), then written as ONE
// server-side edit of the database's document (DatabaseEdits: the edit lock, the core's checks,
// the database size limit, then the collaboration core's path, so open views see the rows at once
// and the worker's projection makes their pages). New properties, grown options and rows land
// together or not at all. Like other row writes, a merge is a document edit and is not audited.
@Injectable()
export class DatabaseCsvMerge {
  constructor(
    private readonly databases: DatabasesService,
    private readonly edits: DatabaseEdits,
    private readonly limits: RateLimitRepository,
    private readonly config: AppConfig,
  ) {}

  // What the merge would do with each column as proposed, and what would be lost; stores nothing.
  async preview(auth: AuthContext, databaseId: string, query: Query, req: UploadRequest): Promise<CsvMergePreview> {
    const table = parsedCsv((await this.receiveUpload(auth, databaseId, req)).text);
    const schema = await this.databases.currentSchema(databaseId);
    const proposals = proposeMerge(table, schema);
    const merged = mergeCsv(table, schema, proposals.map((p) => p.column), this.context(auth, query), (i) => `column-${i}`);
    return {
      columns: proposals.map((p, i) => ({ ...p, lost: merged.lost[i] ?? 0 })),
      rowCount: table.rows.length,
      sample: table.rows.slice(0, CSV_PREVIEW_SAMPLE_ROWS),
      problems: merged.problems,
    };
  }

  // The plan is checked against the document the edit is made on (under the edit lock), so a
  // property deleted or renamed since the preview is a 400, never a half-applied merge.
  async merge(auth: AuthContext, databaseId: string, query: Query, req: UploadRequest): Promise<CsvMergeResult> {
    const upload = await this.receiveUpload(auth, databaseId, req);
    const plan = parsedPlan(upload.plan, CsvMergePlan);
    const table = parsedCsv(upload.text);
    return this.edits.edit(databaseId, auth.user.id, CSV_PLAN_FIELD, (doc) => this.apply(doc, databaseId, table, plan.columns, auth, query));
  }

  private apply(doc: Y.Doc, databaseId: string, table: CsvTable, columns: MergeColumn[], auth: AuthContext, query: Query): CsvMergeResult {
    const schema: DatabaseSchema = readSchema(doc, databaseId);
    const issue = checkMerge(schema, table.header.length, columns);
    if (issue) throw ApiError.validation({ [issue.at === null ? `${CSV_PLAN_FIELD}.columns` : `${CSV_PLAN_FIELD}.columns.${issue.at}`]: issue.message });
    const tooMany = mergeRowLimit(rowCount(doc), table.rows.length);
    if (tooMany) throw ApiError.payloadTooLarge(tooMany);
    const merged = mergeCsv(table, schema, columns, this.context(auth, query), () => shortId());
    const by = { userId: auth.user.id, now: new Date().toISOString() };
    // Properties first: the rows' values are checked against the schema they make.
    for (const property of merged.updated) updateProperty(doc, databaseId, property);
    for (const property of merged.added) addProperty(doc, databaseId, property);
    // Row ids are UUIDs: each row becomes a page of that id.
    addRows(doc, databaseId, merged.rows.map((values) => ({ id: randomUUID(), values })), by);
    return { rowCount: table.rows.length, addedProperties: merged.added.length, problems: merged.problems };
  }

  // Access before the body is read; the person's upload rate, shared with new-database imports.
  private async receiveUpload(auth: AuthContext, databaseId: string, req: UploadRequest) {
    await this.databases.requireDatabase(auth, databaseId, 'editor');
    await countAttempt(this.limits, 'csv-import', auth.user.id, this.config.STORAGE_UPLOADS_PER_MINUTE, 60_000);
    return receiveCsv(req);
  }

  private context(auth: AuthContext, query: Query) {
    return { timeZone: query.timeZone ?? 'UTC', now: Date.now(), userId: auth.user.id };
  }
}
