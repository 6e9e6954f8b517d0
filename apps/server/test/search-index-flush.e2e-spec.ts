import { DOCUMENT_FIELD } from '@tandem/editor';
import type { SearchResponse } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { addPage, apiJson, collabEnv, CollabWorld, savedAll, workerMetrics } from './support/collab/fixtures.js';

// The worker merges the search index's pending list itself (jobs/search-index-flusher.ts), so the
// persist write that would find it full never pays for the merge. What a persist adds to the list
// must be merged by the worker, and nothing left for the next writer.
describe('search index: the worker merges pending entries', () => {
  let world: CollabWorld;
  let counter: (name: string, labels: string) => Promise<number>;
  const flushed = () => counter('tandem_search_index_flushed_pages_total', '');

  beforeAll(async () => {
    const metrics = await workerMetrics();
    counter = metrics.counter;
    world = await CollabWorld.open(collabEnv({ ...metrics.env, SEARCH_INDEX_FLUSH_MS: '250' }));
  });
  afterAll(() => world?.close());

  it('merges what a persist wrote into the index, leaving no pending entries for a writer', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    // The pages made so far (their search rows) are merged first; then only the persist adds entries.
    await waitUntil('the setup merged', async () => (await flushed()) > 0, 20_000);
    const before = await flushed();

    const client = await world.client(pageId);
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    client.doc.getXmlFragment(DOCUMENT_FIELD).push([paragraph]);
    // Enough distinct words that the row's index entries fill pending-list pages of their own.
    const words = Array.from({ length: 400 }, (_, i) => `flushword${i}x${Math.random().toString(36).slice(2, 7)}`);
    text.insert(0, words.join(' '));
    await savedAll(client);

    await waitUntil('the worker merged the persist', async () => (await flushed()) > before, 20_000);
    const [left] = await world.prisma.$queryRawUnsafe<{ pages: number }[]>(`SELECT gin_clean_pending_list('"PageSearch_workspaceId_vector_idx"'::regclass)::int AS pages`);
    expect(left!.pages).toBe(0);

    // And the merged entries answer searches.
    const found = await apiJson<SearchResponse>(world.serverUrl(), world.owner, 'GET', `/workspaces/${world.workspaceId}/search?q=${words[123]}`);
    expect(found.results.map((r) => r.id)).toEqual([pageId]);
  });
});
