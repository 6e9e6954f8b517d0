import type { PageView } from '@tandem/protocol';
import { readSchema } from '@tandem/database/ydoc';
import type { AppConfig } from '../../../src/config/env.js';
import { DatabaseChanges } from '../../../src/databases/database-changes.js';
import { DatabaseDocCache } from '../../../src/databases/database-doc-cache.js';
import { DatabaseMetaRepository } from '../../../src/databases/database-meta.repository.js';
import { DatabaseProjection } from '../../../src/databases/database-projection.service.js';
import { DatabaseRowRepository } from '../../../src/databases/database-row.repository.js';
import { DatabaseSources } from '../../../src/databases/database-source.service.js';
import { RowPageRepository } from '../../../src/databases/row-page.repository.js';
import { DocumentRepository } from '../../../src/documents/document.repository.js';
import type { PrismaClient } from '../../../src/generated/prisma/client.js';
import type { PrismaService } from '../../../src/infra/prisma.service.js';
import { apiJson, synced, type Client, type CollabWorld } from './fixtures.js';

// A new database page, made through the API as the web makes one, with the owner's client joined
// and synced on it (the client reads and writes its document like the web's table does).
export async function openDatabase(world: CollabWorld, title = 'Tasks'): Promise<{ id: string; client: Client; titleId: string }> {
  const page = await apiJson<PageView>(world.serverUrl(), world.owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { kind: 'database', title }, 201);
  const client = await world.client(page.id);
  await synced(client);
  return { id: page.id, client, titleId: readSchema(client.doc, page.id).properties[0]!.id };
}

// A projection run by the test itself, as the worker's full one: no kept documents, so it reads the
// persisted state and projects every row.
export function fullProjection(prisma: PrismaClient): DatabaseProjection {
  const service = prisma as unknown as PrismaService;
  const documents = new DocumentRepository(service);
  const rowPages = new RowPageRepository(service);
  const config = { PROJECTION_DOC_CACHE_BYTES: 0 } as AppConfig;
  return new DatabaseProjection(new DatabaseSources(documents, rowPages), new DatabaseRowRepository(service), rowPages, new DatabaseMetaRepository(service), documents, new DatabaseDocCache(config), new DatabaseChanges());
}
