import { jest } from '@jest/globals';
import { CollabErrorCode } from '@tandem/protocol';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { AppConfig } from '../config/env.js';
import type { DocumentStreamRepository, StreamEntry } from '../documents/document-stream.repository.js';
import type { DocumentRepository, PersistedDocument } from '../documents/document.repository.js';
import type { PersistScheduler } from '../documents/persist.scheduler.js';
import { CollabFailure } from './collab-failure.js';
import { DocumentSyncService } from './document-sync.service.js';
import { UpdateMerger } from './update-merger.js';
import type { ClientOwnerRepository } from '../documents/client-owner.repository.js';

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
  // The upper bound of each read ('+': the stream's end).
  bounds: string[] = [];
  fences = 0;
  touches = 0;
  down = false;
  // While set, a read takes its snapshot of the stream at once but answers only when released.
  held: Promise<void> | null = null;
  private seq = 0;
  readonly documents = { find: async () => this.check(this.row) } as unknown as DocumentRepository;
  readonly stream = {
    readUpdatesAfter: async (_pageId: string, afterId: string, limit: number, untilId = '+') => {
      this.reads.push(afterId);
      this.bounds.push(untilId);
      const seq = (id: string) => Number(id.split('-')[0]);
      const until = untilId === '+' ? Infinity : seq(untilId);
      const after = this.check(this.entries.filter((e) => seq(e.id) > seq(afterId) && seq(e.id) <= until)).slice(0, limit);
      if (this.held) await this.held;
      return { updates: after.map((e) => e.update), lastId: after.at(-1)?.id ?? null };
    },
    append: async (_pageId: string, update: Uint8Array) => this.check(this.add(update)),
    fence: async () => {
      this.fences += 1;
      return this.check(undefined);
    },
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

// DocumentClientOwner rows, shared by every service built on the same store (a restart keeps them).
class FakeOwners {
  readonly rows = new Map<string, string>();
  down = false;
  readonly repository = {
    owners: async (pageId: string) => {
      if (this.down) throw new Error('Postgres away');
      return this.ownersOf(pageId);
    },
    claim: async (pageId: string, clientId: number, principal: string) => {
      if (this.down) throw new Error('Postgres away');
      const key = `${pageId}/${clientId}`;
      if (!this.rows.has(key)) this.rows.set(key, principal);
      return this.rows.get(key)!;
    },
  } as unknown as ClientOwnerRepository;

  private ownersOf(pageId: string) {
    return new Map([...this.rows].filter(([k]) => k.startsWith(`${pageId}/`)).map(([k, v]) => [Number(k.split('/')[1]), v]));
  }
}

function setup(store = new FakeStore(), owners = new FakeOwners()) {
  const sync = new DocumentSyncService(store.documents, store.stream, store.scheduler, config, new UpdateMerger(config), owners.repository);
  return { store, sync, owners };
}

// An update as the gateway takes it: admitted (at once or after a wait), then stored.
async function send(sync: DocumentSyncService, update: Uint8Array, principal = 'user:a'): Promise<void> {
  await sync.admit('p', principal, update);
  await sync.append('p', update);
}

function stateVector(client: number, clock: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  return encoding.toUint8Array(encoder);
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
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
    store.row = { state: Y.encodeStateAsUpdate(author), stateVector: Y.encodeStateVector(author), persistedUpTo: '2-0', updatesSinceSnapshot: 0, lastSnapshotAt: null };
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
    store.row = { state: Y.encodeStateAsUpdate(author), stateVector: Y.encodeStateVector(author), persistedUpTo: '1-0', updatesSinceSnapshot: 0, lastSnapshotAt: null };
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.touches).toBe(0);
    store.add(edit(author, 'b'));
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(store.touches).toBe(1);
  });

  it('does not queue a persist for entries after its cached cursor that the worker has saved since', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
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
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
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

  // Issue 11 item 3: while the worker is down, a busy page's unpersisted entries pile up; a join
  // must not read and merge all of them.
  it('folds the updates it stores into its cached state in the background, so a join reads only the tail', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    const other = new Y.Doc();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 1500; i++) {
      await sync.append('p', edit(author, 'x'));
      // Another instance's entry in the middle: the fold reads the stream, so it is in the cache too.
      if (i === 700) store.add(edit(other, 'y'));
    }
    const before = store.reads.length;
    const answer = await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const client = new Y.Doc();
    Y.applyUpdate(client, answer.update);
    const text = client.getText('t').toString();
    expect(text.replaceAll('y', '')).toBe('x'.repeat(1500));
    expect(text).toContain('y');
    // The join read from a cursor past the first 1,000 stored updates, not from the page's start.
    expect(store.reads.length).toBeGreaterThan(before);
    expect(Number(store.reads[before]!.split('-')[0])).toBeGreaterThanOrEqual(1000);
  });

  it("folds only up to the entry that triggered it, without the join's fence, and a join never shares a fold", async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const fences = store.fences;
    let release!: () => void;
    store.held = new Promise((resolve) => (release = resolve));
    for (let i = 0; i < 1000; i++) await sync.append('p', edit(author, 'x'));
    await waitFor(() => store.bounds.length === 2);
    // Stored while the fold reads, then a join: it must wait for the fold and read after it.
    await sync.append('p', edit(author, 'y'));
    const join = sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    store.held = null;
    release();
    const client = new Y.Doc();
    Y.applyUpdate(client, (await join).update);
    expect(client.getText('t').toString()).toBe(`${'x'.repeat(1000)}y`);
    expect(store.bounds[1]).toBe('1000-0');
    expect(store.reads.slice(1)).toEqual(['0-0', '1000-0']);
    expect(store.bounds.slice(2)).toEqual(['+']);
    // The fold sent no fence; the join did.
    expect(store.fences - fences).toBe(1);
  });

  it('folds the updates stored during a fold right after it, so a burst that ends meanwhile leaves a join only the tail', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    let release!: () => void;
    store.held = new Promise((resolve) => (release = resolve));
    for (let i = 0; i < 2000; i++) await sync.append('p', edit(author, 'x'));
    store.held = null;
    release();
    // The second fold, of the 1,000 stored while the first read, runs without another update.
    await waitFor(() => store.bounds.includes('2000-0'));
    const before = store.reads.length;
    const answer = await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const client = new Y.Doc();
    Y.applyUpdate(client, answer.update);
    expect(client.getText('t').toString()).toBe('x'.repeat(2000));
    expect(store.reads.slice(before)).toEqual(['2000-0']);
  });

  it('folds fewer updates in once its cached state nears the age at which a join would no longer use it', async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const start = Date.now();
    const now = jest.spyOn(Date, 'now');
    try {
      // 99 updates: not yet worth a merge; the 100th, a quarter of the trim margin later, is.
      for (let i = 0; i < 99; i++) await sync.append('p', edit(author, 'x'));
      now.mockReturnValue(start + config.PERSIST_TRIM_MARGIN_MS / 4);
      await sync.append('p', edit(author, 'x'));
      const before = store.reads.length;
      const answer = await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
      const client = new Y.Doc();
      Y.applyUpdate(client, answer.update);
      expect(client.getText('t').toString()).toBe('x'.repeat(100));
      expect(store.reads[before]).toBe('100-0');
    } finally {
      now.mockRestore();
    }
  });

  // The join that lost text in CI: a socket joins the room after another join's load has read the
  // stream, and an update broadcast in between (before it was in the room) is in neither.
  it("answers a join with entries stored after a load under way had read the stream (the joiner missed their broadcast)", async () => {
    const { store, sync } = setup();
    const author = new Y.Doc();
    store.add(edit(author, 'a'));
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    let release!: () => void;
    store.held = new Promise((resolve) => (release = resolve));
    const first = sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    await waitFor(() => store.reads.length === 1);
    // Broadcast to the room (the second socket not in it yet), then stored.
    store.add(edit(author, 'b'));
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    const second = sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    store.held = null;
    release();
    const text = (update: Uint8Array) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, update);
      return client.getText('t').toString();
    };
    expect(text((await first).update)).toBe('a');
    expect(text((await second).update)).toBe('ab');
    // It waited for the load under way and read only what came after that load's cursor.
    expect(store.reads).toEqual(['0-0', '1-0']);
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
    expect(await refusal(() => sync.admit('p', 'user:a', edit(new Y.Doc(), 'not open here')))).toBe(CollabErrorCode.NotJoined);
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    expect(await refusal(() => sync.admit('p', 'user:a', new Uint8Array(config.COLLAB_MAX_UPDATE_BYTES + 1)))).toBe(CollabErrorCode.UpdateTooLarge);
    expect(await refusal(() => sync.admit('p', 'user:a', new Uint8Array([0, 0])))).toBe(CollabErrorCode.InvalidUpdate);
    expect(await refusal(() => sync.admit('p', 'user:a', new Uint8Array([255, 1, 2, 3])))).toBe(CollabErrorCode.InvalidUpdate);
    expect(await refusal(() => sync.admit('p', 'user:a', edit(new Y.Doc(), 'fine')))).toBe('accepted');
    expect(store.entries).toHaveLength(0);
  });

  it('refuses an insert past the size limit, but lets deletions through and measures again after them', async () => {
    const { sync } = setup();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const doc = new Y.Doc();
    for (let i = 0; i < 4; i++) await send(sync, edit(doc, 'x'.repeat(900)));
    expect(await refusal(() => send(sync, edit(new Y.Doc(), 'x'.repeat(900))))).toBe(CollabErrorCode.DocumentTooLarge);
    const before = Y.encodeStateVector(doc);
    doc.getText('t').delete(0, doc.getText('t').length);
    await send(sync, Y.encodeStateAsUpdate(doc, before));
    expect(await refusal(() => send(sync, edit(doc, 'y'.repeat(900))))).toBe('accepted');
  });

  it("refuses structs or deletes past the page's known clock of a client (update_gap), and takes the gap once it is filled", async () => {
    const { sync } = setup();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const doc = new Y.Doc();
    const first = edit(doc, 'one ');
    const second = edit(doc, 'two');
    expect(await refusal(() => send(sync, second))).toBe(CollabErrorCode.UpdateGap);
    await send(sync, first);
    await send(sync, second);
    // A squatter claiming clocks far ahead of a real client's: 12 bytes are enough.
    const squat = new Y.Doc();
    squat.clientID = doc.clientID;
    squat.getText('t').insert(0, 'x'.repeat(100));
    const ahead = Y.diffUpdate(Y.encodeStateAsUpdate(squat), stateVector(doc.clientID, 50));
    expect(await refusal(() => send(sync, ahead))).toBe(CollabErrorCode.UpdateGap);
    // Deleting what nobody wrote yet.
    const ds = new Y.Doc();
    ds.clientID = 424242;
    ds.getText('t').insert(0, 'abc');
    const before = Y.encodeStateVector(ds);
    ds.getText('t').delete(0, 3);
    expect(await refusal(() => send(sync, Y.encodeStateAsUpdate(ds, before)))).toBe(CollabErrorCode.UpdateGap);
  });

  it("reads the stream before refusing: another instance's entries fill what looked like a gap", async () => {
    const { store, sync } = setup();
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const doc = new Y.Doc();
    store.add(edit(doc, 'elsewhere '));
    expect(await refusal(() => send(sync, edit(doc, 'here')))).toBe('accepted');
  });

  it('keeps editing through a Postgres outage for client ids new on the page, and waits for the owner of one with history', async () => {
    const store = new FakeStore();
    const owners = new FakeOwners();
    const { sync } = setup(store, owners);
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const old = new Y.Doc();
    await send(sync, edit(old, 'before '), 'user:a');
    const restarted = setup(store, owners).sync;
    restarted.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await restarted.handshake('p', Y.encodeStateVector(new Y.Doc()));
    owners.down = true;
    const fresh = new Y.Doc();
    expect(await refusal(() => send(restarted, edit(fresh, 'new id'), 'user:b'))).toBe('accepted');
    expect(await refusal(() => send(restarted, edit(old, 'old id'), 'user:a'))).toBe(CollabErrorCode.ServiceUnavailable);
    expect(await refusal(() => send(restarted, edit(fresh, ' again'), 'user:a'))).toBe(CollabErrorCode.Forbidden);
  });

  it('binds a client id to the principal that introduced it, also after a restart', async () => {
    const store = new FakeStore();
    const owners = new FakeOwners();
    const { sync } = setup(store, owners);
    sync.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await sync.handshake('p', Y.encodeStateVector(new Y.Doc()));
    const doc = new Y.Doc();
    await send(sync, edit(doc, 'mine'), 'user:a');
    const known = Y.encodeStateVector(doc);
    edit(doc, ' more');
    const more = Y.encodeStateAsUpdate(doc, known);
    expect(await refusal(() => send(sync, more, 'user:b'))).toBe(CollabErrorCode.Forbidden);
    const restarted = setup(store, owners).sync;
    restarted.enter('p', config.COLLAB_MAX_DOCUMENT_BYTES);
    await restarted.handshake('p', Y.encodeStateVector(new Y.Doc()));
    expect(await refusal(() => send(restarted, more, 'user:b'))).toBe(CollabErrorCode.Forbidden);
    expect(await refusal(() => send(restarted, more, 'user:a'))).toBe('accepted');
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
