import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { exportViewCsv, inferColumns, RowResolver, type ColumnPlan, type CsvTable } from '@tandem/database';
import { DatabaseDocError } from '@tandem/database/ydoc';
import { CSV_PLAN_FIELD, CSV_PREVIEW_SAMPLE_ROWS, CsvImportPlan, type CsvImportQuery, type CsvImportResult, type CsvPreview, type PageAccessRole } from '@tandem/protocol';
import type { z } from 'zod';
import { AccessService } from '../access/access.service.js';
import { countAttempt } from '../auth/attempts.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { maxDocumentBytes } from '../documents/document-limit.js';
import { DocumentSeedService } from '../documents/document-seed.service.js';
import { PersistQueueRepository } from '../documents/persist-queue.repository.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { treeChanged } from '../events/realtime-channels.js';
import { PageRepository, TreeRuleError } from '../pages/page.repository.js';
import { toPageView } from '../pages/page-view.js';
import { parsedCsv, parsedPlan, receiveCsv } from './csv-upload.js';
import { DatabaseDocuments } from './database-documents.service.js';
import { DatabaseSources, readDatabase } from './database-source.service.js';
import { DatabasesService } from './databases.service.js';
import { RowPageRepository } from './row-page.repository.js';

type UploadRequest = Parameters<typeof receiveCsv>[0];

export interface CsvDownload {
  filename: string;
  body: string;
}

// CSV in and out of databases (issue 17), over the pure core's parse, inference, import and export.
// An import is decided whole before anything is written: access, the file parsed (strict: the
// first bad line stops it), the plan checked against the file, the document built with every row;
// then the page and its document are stored in one transaction (ARCHITECTURE invariant 3: new
// pages are built on the server) and the worker's projection is queued, which makes the row pages.
@Injectable()
export class DatabaseCsvService {
  constructor(
    private readonly access: AccessService,
    private readonly pages: PageRepository,
    private readonly seeds: DocumentSeedService,
    private readonly queue: PersistQueueRepository,
    private readonly after: AfterCommit,
    private readonly limits: RateLimitRepository,
    private readonly config: AppConfig,
    private readonly documents: DatabaseDocuments,
    private readonly sources: DatabaseSources,
    private readonly people: RowPageRepository,
    private readonly databases: DatabasesService,
  ) {}

  async preview(auth: AuthContext, query: z.output<typeof CsvImportQuery>, req: UploadRequest): Promise<CsvPreview> {
    await this.requireWhere(auth, query);
    await countAttempt(this.limits, 'csv-import', auth.user.id, this.config.STORAGE_UPLOADS_PER_MINUTE, 60_000);
    const table = parsedCsv((await receiveCsv(req)).text);
    return { columns: inferColumns(table), rowCount: table.rows.length, sample: table.rows.slice(0, CSV_PREVIEW_SAMPLE_ROWS) };
  }

  async import(auth: AuthContext, query: z.output<typeof CsvImportQuery>, req: UploadRequest, client: ClientMeta): Promise<CsvImportResult> {
    const role = await this.requireWhere(auth, query);
    await countAttempt(this.limits, 'csv-import', auth.user.id, this.config.STORAGE_UPLOADS_PER_MINUTE, 60_000);
    const upload = await receiveCsv(req);
    const plan = parsedPlan(upload.plan, CsvImportPlan);
    const table = parsedCsv(upload.text);
    if (plan.columns.length !== table.header.length) {
      throw ApiError.validation({ [`${CSV_PLAN_FIELD}.columns`]: `has ${plan.columns.length} entries; the file has ${table.header.length} columns` });
    }
    // Skipped columns leave the table before the core sees it: its plan is by column position.
    const kept = plan.columns.flatMap((c, i) => (c.skip ? [] : [i]));
    const keptTable: CsvTable = { header: kept.map((i) => table.header[i]!), rows: table.rows.map((r) => kept.map((i) => r[i] ?? '')) };
    const columns: ColumnPlan[] = kept.map((i) => {
      const c = plan.columns[i]!;
      return c.type === 'date' ? { name: c.name, type: c.type, includeTime: c.includeTime ?? false } : { name: c.name, type: c.type };
    });
    const id = randomUUID();
    let built;
    try {
      built = this.seeds.importedDatabase(id, keptTable, columns, { userId: auth.user.id, now: new Date().toISOString() });
    } catch (err) {
      if (err instanceof DatabaseDocError) throw ApiError.validation({ [CSV_PLAN_FIELD]: err.message });
      throw err;
    }
    const { document, problems } = built;
    const max = maxDocumentBytes(this.config, 'database');
    if (document.state.byteLength > max) {
      throw ApiError.payloadTooLarge(`This CSV would make a database larger than its size limit of ${max} bytes; nothing was imported. Skip some columns or split the file.`);
    }
    let page;
    try {
      page = await this.pages.create({ id, workspaceId: query.workspaceId, parentId: query.parentId ?? null, title: plan.title, icon: null, createdById: auth.user.id, kind: 'database', document });
    } catch (err) {
      if (err instanceof TreeRuleError) throw ApiError.conflict('The page to import under was moved to the trash meanwhile; nothing was imported.');
      throw err;
    }
    // The rows' pages and the query projection come from the worker, as after any edit.
    await this.queue.projectDatabase(page.id);
    await this.after.run({
      audit: { action: 'page.created', targetType: 'page', targetId: page.id, workspaceId: query.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { kind: 'database', csvRows: table.rows.length } },
      publish: [treeChanged(query.workspaceId)],
    });
    return { page: toPageView(page, role), rowCount: table.rows.length, problems };
  }

  // The view as its viewer sees it: the live document (persisted state plus stream), their zone,
  // "me", and only the related databases they may read.
  async export(auth: AuthContext, databaseId: string, viewId: string, timeZone: string): Promise<CsvDownload> {
    const access = await this.databases.requireDatabase(auth, databaseId, 'viewer');
    const loaded = await this.documents.read(databaseId, (doc) => readDatabase(doc, databaseId));
    const view = loaded.views.find((v) => v.id === viewId);
    if (!view) throw ApiError.notFound('View');
    const page = await this.pages.find(databaseId);
    const readable = await this.databases.readableRelated(auth, databaseId, loaded.schema);
    const source = await this.sources.source(access.workspaceId, databaseId, loaded, readable);
    const names = await this.people.memberNames(access.workspaceId);
    const resolver = new RowResolver(source, { timeZone, now: Date.now(), userId: auth.user.id, personName: (id) => names.get(id) });
    const body = exportViewCsv(view, loaded.rows, { databaseId, schema: loaded.schema, resolver });
    return { filename: `${page?.title.trim() || 'Untitled'} - ${view.name}.csv`, body };
  }

  private requireWhere(auth: AuthContext, query: z.output<typeof CsvImportQuery>): Promise<PageAccessRole> {
    return this.access.requirePlacement(auth.principal, auth.user.id, query.workspaceId, query.parentId ?? null, 'query.parentId');
  }
}
