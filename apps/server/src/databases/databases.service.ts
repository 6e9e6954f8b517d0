import { Injectable } from '@nestjs/common';
import { readCell, titleProperty } from '@tandem/database';
import { readRow, readSchema, rowPosition } from '@tandem/database/ydoc';
import type { PageView } from '@tandem/protocol';
import { AccessService, type PageAccess } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { PageRepository } from '../pages/page.repository.js';
import { toPageView } from '../pages/page-view.js';
import { DatabaseDocuments } from './database-documents.service.js';
import { RowPageRepository } from './row-page.repository.js';

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
  ) {}

  // The row's page, made now when the worker has not made it yet. The row must be in the
  // database's current document (persisted or still in the stream).
  async rowPage(auth: AuthContext, databaseId: string, rowId: string, client: ClientMeta): Promise<PageView> {
    const access = await this.requireDatabase(auth, databaseId, 'editor');
    const doc = await this.documents.current(databaseId);
    let input;
    try {
      const row = readRow(doc, rowId);
      if (!row) throw ApiError.notFound('Row');
      input = { id: rowId, title: readCell(titleProperty(readSchema(doc, databaseId)), row) as string, position: rowPosition(doc, rowId) ?? 'a0' };
    } finally {
      doc.destroy();
    }
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

  // The database page with the caller's access: 404 when it is not a database they can see.
  private async requireDatabase(auth: AuthContext, databaseId: string, role: 'viewer' | 'editor'): Promise<PageAccess> {
    const access = await this.access.requirePage(auth.principal, databaseId, role);
    const page = await this.pages.find(databaseId);
    if (page?.kind !== 'database') throw ApiError.notFound('Database');
    if (role === 'editor' && access.trashed) throw ApiError.conflict('That database is in the trash. Restore it first.');
    return access;
  }
}
