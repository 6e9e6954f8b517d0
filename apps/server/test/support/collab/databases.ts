import type { PageView } from '@tandem/protocol';
import { readSchema } from '@tandem/database/ydoc';
import { apiJson, synced, type Client, type CollabWorld } from './fixtures.js';

// A new database page, made through the API as the web makes one, with the owner's client joined
// and synced on it (the client reads and writes its document like the web's table does).
export async function openDatabase(world: CollabWorld, title = 'Tasks'): Promise<{ id: string; client: Client; titleId: string }> {
  const page = await apiJson<PageView>(world.serverUrl(), world.owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { kind: 'database', title }, 201);
  const client = await world.client(page.id);
  await synced(client);
  return { id: page.id, client, titleId: readSchema(client.doc, page.id).properties[0]!.id };
}
