import { CollabErrorCode } from '@tandem/protocol';
import * as Y from 'yjs';
import type { AppConfig } from '../config/env.js';
import type { DocumentStreamRepository, StreamEntry } from '../documents/document-stream.repository.js';
import type { DocumentRepository, PersistedDocument } from '../documents/document.repository.js';
import type { PersistScheduler } from '../documents/persist.scheduler.js';
import { CollabFailure } from './collab-failure.js';
import { DocumentSyncService } from './document-sync.service.js';

// The gateway's document side against in-memory fakes of the row and the stream: what a
// handshake answers, what it reads, when it queues a persist, and which updates it refuses.
// The real Postgres/Redis path is covered by test/collab-sync.e2e-spec.ts and friends.
const config = {
  COLLAB_MAX_UPDATE_BYTES: 1024,
  COLLAB_MAX_DOCUMENT_BYTES: 4096,
  PERSIST_TRIM_MARGIN_MS: 60_000,
} as AppConfig;

class FakeStore {
  row: PersistedDocument | null = null;
  entries: StreamEntry[] = [];
  reads: string[] = [];
  touches = 0;
  down = false;
  private seq = 0;
  readonly documents = { find: async () => this.check(this.row) } as unknown as DocumentRepository;
  readonly stream = {
    readAfter: async (_pageId: string, afterId: string) => {
      this.reads.push(afterId);
      return this.check(this.entries.filter((e) => Number(e.id.split('-')[0]) > Number(afterId.split('-')[0])));
    },
    append: async (_pageId: string, update: Uint8Array) => this.check(this.add(update)),
  } as unknown as DocumentStreamRepository;
  readonly scheduler = { touch: () => (this.touches += 1) } as unknown as PersistScheduler;

  add(update: Uint8Array): string {
    const id = `${++this.seq}-0`;
    this.entries.push({ id, update: Buffer.from(update) });
    return id;
  }

  private check<T>(value: T): T {
    if (this.down) throw new Error('store away');
    return value;
  }
}

// A client editing `text` into the page, as one Yjs update.
function edit(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

function setup() {
  const store = new FakeStore();
  const sync = new DocumentSyncService(store.documents, store.stream, store.scheduler, config);
  return { store, sync };
}

async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    if (err instanceof CollabFailure) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('DocumentSyncService handshake', () => {
  it('gives a fresh client the persisted row plus the stream entries after it', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    edit(author, 'saved ');
    store.row = { state: Y.encodeStateAsUpdate(author), persistedUpTo: '2-0', updatesSinceSnapshot: 0, lastSnapshotAt: null };
    store.add(new Uint8Array([0, 0]));
    store.add(new Uint8Array([0, 0]));
    store.add(edit(author, 'and not yet'));
    const answer = await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const client = new Y.Doc();
    Y.applyUpdate(client, answer.update);
    expect(client.getText('t').toString()).toBe('saved and not yet');
    expect(answer.savedUpTo).toBe('2-0');
    expect(store.reads).toEqual(['2-0']);
    expect(answer.stateVector).toEqual(Y.encodeStateVector(author));
  });

  it('sends a client that has part of the page only what it lacks', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    const first = edit(author, 'one ');
    store.add(first);
    store.add(edit(author, 'two'));
    const client = new Y.Doc();
    Y.applyUpdate(client, first);
    const answer = await sync.handshake('p', Y.encodeStateVector(client));
    expect(answer.update.byteLength).toBeLessThan(Y.encodeStateAsUpdate(author).byteLength);
    Y.applyUpdate(client, answer.update);
    expect(client.getText('t').toString()).toBe('one two');
  });

  it('queues a persist only for entries after the persisted id (their gateway may have died first)', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    store.add(edit(author, 'a'));
    store.row = { state: Y.encodeStateAsUpdate(author), persistedUpTo: '1-0', updatesSinceSnapshot: 0, lastSnapshotAt: null };
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.touches).toBe(0);
    store.add(edit(author, 'b'));
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.touches).toBe(1);
  });

  it('does not queue a persist for entries after its cached cursor that the worker has saved since', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    sync.enter('p');
    store.add(edit(author, 'a'));
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.touches).toBe(1);
    store.add(edit(author, 'b'));
    sync.noteSaved('p', '2-0');
    const answer = await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(answer.savedUpTo).toBe('2-0');
    expect(store.touches).toBe(1);
  });

  it('reads only the entries after its cached state for a page open on this instance', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    store.add(edit(author, 'a'));
    sync.enter('p');
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    store.add(edit(author, 'b'));
    const answer = await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.reads).toEqual(['0-0', '1-0']);
    const client = new Y.Doc();
    Y.applyUpdate(client, answer.update);
    expect(client.getText('t').toString()).toBe('ab');
    // Once nobody here has it open, nothing is kept.
    sync.exit('p');
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.reads.at(-1)).toBe('0-0');
  });

  it('refuses a state vector that is not one, and answers service_unavailable while storage is away', async () => {
    const { store, sync } = setup();
    expect(await refusal(() => sync.handshake('p', new Uint8Array([200, 200, 200])))).toBe(CollabErrorCode.ValidationFailed);
    store.down = true;
    expect(await refusal(() => sync.handshake('p', Y.encodeStateVector(new Y.Doc())))).toBe(CollabErrorCode.ServiceUnavailable);
  });
});

describe('DocumentSyncService updates', () => {
  it('refuses updates that are too large, empty or not Yjs, before anything is stored', async () => {
    const { store, sync } = setup();
    expect(await refusal(() => sync.checkUpdate('p', new Uint8Array(config.COLLAB_MAX_UPDATE_BYTES + 1)))).toBe(CollabErrorCode.UpdateTooLarge);
    expect(await refusal(() => sync.checkUpdate('p', new Uint8Array([0, 0])))).toBe(CollabErrorCode.InvalidUpdate);
    expect(await refusal(() => sync.checkUpdate('p', new Uint8Array([255, 1, 2, 3])))).toBe(CollabErrorCode.InvalidUpdate);
    expect(await refusal(() => sync.checkUpdate('p', edit(new Y.Doc(), 'fine')))).toBe('accepted');
    expect(store.entries).toHaveLength(0);
  });

  it("refuses an update that would take an open page past the document size limit", async () => {
    const { sync } = setup();
    sync.enter('p');
    const doc = new Y.Doc();
    const big = edit(doc, 'x'.repeat(900));
    sync.recordUpdate('p', 3500);
    expect(await refusal(() => sync.checkUpdate('p', big))).toBe(CollabErrorCode.DocumentTooLarge);
  });

  it('appends to the stream and schedules the persist; a stream that is away is service_unavailable', async () => {
    const { store, sync } = setup();
    await expect(sync.append('p', edit(new Y.Doc(), 'a'))).resolves.toBe('1-0');
    expect(store.touches).toBe(1);
    store.down = true;
    expect(await refusal(() => sync.append('p', edit(new Y.Doc(), 'b')))).toBe(CollabErrorCode.ServiceUnavailable);
    expect(store.touches).toBe(1);
  });
});
