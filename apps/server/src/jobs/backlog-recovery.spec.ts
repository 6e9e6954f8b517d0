import type { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import type { DocumentRepository } from '../documents/document.repository.js';
import { BacklogRecovery } from './backlog-recovery.js';
import type { PersistBatcher } from './persist-batcher.js';

// A starting worker persists at once the pages whose stream runs past their row's persistedUpTo,
// instead of waiting for BullMQ to find a killed worker's jobs stalled. The real path is measured by
// collab-chaos ("worker recovery").
describe('BacklogRecovery', () => {
  it('persists exactly the pages with entries after persistedUpTo', async () => {
    const positions = new Map<string, string | null>([
      ['behind', '5-0'],
      ['done', '9-0'],
      ['never-persisted', null],
    ]);
    const lastIds = new Map<string, string | null>([
      ['behind', '7-0'],
      ['done', '9-0'],
      ['never-persisted', '3-0'],
      ['gone', '4-0'],
    ]);
    const stream = {
      async *pagesWithStreams() {
        yield ['behind', 'done', 'never-persisted', 'gone'];
      },
      lastIds: async () => lastIds,
      adoptLegacyStreams: async () => 0,
    } as unknown as DocumentStreamRepository;
    const documents = { persistedPositions: async () => positions } as unknown as DocumentRepository;
    const persisted: string[] = [];
    const batcher = { persist: async (pageId: string) => (persisted.push(pageId), { kind: 'persisted', upTo: '1-0', updates: 1 }) } as unknown as PersistBatcher;
    const recovered = await new BacklogRecovery(stream, documents, batcher).recover();
    expect(persisted.sort()).toEqual(['behind', 'never-persisted']);
    expect(recovered).toBe(2);
  });
});
