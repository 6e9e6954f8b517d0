import { jest } from '@jest/globals';
import type { CollabError, JoinAck, UpdateAck } from '@tandem/protocol';
import * as Y from 'yjs';
import type { CollabConnection } from '../src/connection.js';
import type { PageChannel } from '../src/connection.js';
import { CollabProvider } from '../src/provider.js';

// The provider's ack and pending accounting against a fake connection that records what the
// provider sends and lets the test answer each ack by hand, in the order a server would. The
// real round trips are covered by apps/server/test/collab-*.e2e-spec.ts; these pin the counting
// rules that those suites only reach through timing.
class FakeConnection {
  connected = true;
  channel: PageChannel | null = null;
  joins: Array<(ack: JoinAck) => void> = [];
  updates: Array<{ update: Uint8Array; ack: (ack: UpdateAck) => void }> = [];
  awareness = 0;
  attach(_pageId: string, channel: PageChannel) {
    this.channel = channel;
  }
  detach() {
    this.channel = null;
  }
  connect() {}
  disconnect() {}
  destroy() {}
  leave() {}
  // Whether each join asked to be on the page's presence.
  listed: boolean[] = [];
  join(_pageId: string, _stateVector: Uint8Array, listed: boolean, ack: (ack: JoinAck) => void) {
    this.joins.push(ack);
    this.listed.push(listed);
  }
  sendUpdate(_pageId: string, update: Uint8Array, ack: (ack: UpdateAck) => void) {
    this.updates.push({ update, ack });
  }
  sendAwareness() {
    this.awareness += 1;
  }
}

const EMPTY = Y.encodeStateAsUpdate(new Y.Doc());
const refusal = (code: CollabError['code']): UpdateAck => ({ ok: false, error: { code, message: code } });

function setup(options: { listed?: boolean; holdMs?: number; holdBytes?: number } = {}) {
  const fake = new FakeConnection();
  const doc = new Y.Doc();
  const provider = new CollabProvider({ pageId: 'p', doc, connection: fake as unknown as CollabConnection, awareness: null, retryDelayMs: 10, ...options });
  const errors: CollabError[] = [];
  provider.on('error', (e: CollabError) => errors.push(e));
  // The server has nothing; answer the handshake with its (empty) state vector.
  const answerJoin = (savedUpTo = '0-0') =>
    fake.joins.shift()!({ ok: true, update: EMPTY, stateVector: Y.encodeStateVector(new Y.Doc()), role: 'editor', canEdit: true, savedUpTo, upTo: savedUpTo, presence: [] });
  const type = (text: string) => doc.getText('t').insert(doc.getText('t').length, text);
  return { fake, doc, provider, errors, answerJoin, type };
}

describe('CollabProvider ack accounting', () => {
  afterEach(() => jest.useRealTimers());

  it('sends edits made before the handshake in its answer, which covers them all', () => {
    const { fake, provider, answerJoin, type } = setup();
    type('a');
    type('b');
    expect(fake.updates).toHaveLength(0);
    answerJoin();
    expect(provider.synced).toBe(true);
    expect(fake.updates).toHaveLength(1);
    expect(provider.pending).toBe(2);
    fake.updates[0]!.ack({ ok: true, id: '5-0' });
    expect(provider.pending).toBe(0);
    provider.destroy();
  });

  it('is saved only when every update is acked and the worker has persisted past the last ack', () => {
    const { fake, provider, answerJoin, type } = setup();
    answerJoin();
    type('a');
    expect(provider.saved).toBe(false);
    fake.updates[0]!.ack({ ok: true, id: '7-0' });
    expect(provider.pending).toBe(0);
    expect(provider.saved).toBe(false);
    fake.channel!.onSaved('6-9');
    expect(provider.saved).toBe(false);
    fake.channel!.onSaved('7-0');
    expect(provider.saved).toBe(true);
    provider.destroy();
  });

  it('keeps a refused update pending through later acks, until a handshake answer covers it', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type, errors } = setup();
    answerJoin();
    type('a');
    fake.updates[0]!.ack({ ok: true, id: '1-0' });
    type('b');
    // 'c' is made while 'b' is unacknowledged: held, and sent once 'b' is answered.
    type('c');
    expect(fake.updates).toHaveLength(2);
    fake.updates[1]!.ack(refusal('rate_limited'));
    expect(fake.updates).toHaveLength(3);
    fake.updates[2]!.ack({ ok: true, id: '3-0' });
    // Update 2 was refused: 3's ack must not count it as delivered.
    expect(provider.pending).toBe(2);
    expect(errors.map((e) => e.code)).toEqual(['rate_limited']);
    // A refusal that may pass re-runs the handshake after the backoff.
    expect(fake.joins).toHaveLength(0);
    jest.advanceTimersByTime(10);
    expect(fake.joins).toHaveLength(1);
    fake.joins.shift()!({ ok: true, update: EMPTY, stateVector: new Uint8Array([0]), role: 'editor', canEdit: true, savedUpTo: '0-0', upTo: '0-0', presence: [] });
    // The answer holds every local change (the server vector is empty); its ack covers them all.
    const answer = fake.updates[3]!;
    answer.ack({ ok: true, id: '4-0' });
    expect(provider.pending).toBe(0);
    provider.destroy();
  });

  it('does not retry a refusal no retry can change, and keeps the update pending', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type, errors } = setup();
    answerJoin();
    type('a');
    fake.updates[0]!.ack(refusal('document_too_large'));
    jest.advanceTimersByTime(60_000);
    expect(fake.joins).toHaveLength(0);
    expect(provider.pending).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['document_too_large']);
    provider.destroy();
  });

  it('backs off while the server keeps refusing the handshake, and resets after a success', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin } = setup();
    const refuse = () => fake.joins.shift()!({ ok: false, error: { code: 'service_unavailable', message: 'later' } });
    refuse();
    jest.advanceTimersByTime(9);
    expect(fake.joins).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(fake.joins).toHaveLength(1);
    refuse();
    jest.advanceTimersByTime(19);
    expect(fake.joins).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(fake.joins).toHaveLength(1);
    answerJoin();
    expect(provider.synced).toBe(true);
    // A gap after the success retries after the first delay again.
    fake.channel!.onDisconnect();
    fake.channel!.onConnect();
    refuse();
    jest.advanceTimersByTime(10);
    expect(fake.joins).toHaveLength(1);
    provider.destroy();
  });

  it('runs the handshake again when its answer leaves structs waiting (a retry due during the join was dropped)', () => {
    jest.useFakeTimers();
    const { fake, doc, provider, answerJoin } = setup();
    answerJoin();
    // Another client's two updates; the first one never reaches us (a gap).
    const other = new Y.Doc();
    other.getText('t').insert(0, 'one ');
    const before = Y.encodeStateVector(other);
    other.getText('t').insert(4, 'two');
    fake.channel!.onUpdate(Y.encodeStateAsUpdate(other, before));
    expect(doc.store.pendingStructs).not.toBeNull();
    // The gap's retry fires while a join is still under way: it is dropped.
    fake.channel!.onDisconnect();
    fake.channel!.onConnect();
    jest.advanceTimersByTime(10);
    expect(fake.joins).toHaveLength(1);
    // That join's answer does not have the missing update either (the server's read predates it).
    answerJoin();
    expect(fake.joins).toHaveLength(0);
    jest.advanceTimersByTime(10);
    expect(fake.joins).toHaveLength(1);
    fake.joins.shift()!({ ok: true, update: Y.encodeStateAsUpdate(other), stateVector: Y.encodeStateVector(other), role: 'editor', canEdit: true, savedUpTo: '0-0', upTo: '0-0', presence: [] });
    expect(doc.getText('t').toString()).toBe('one two');
    expect(doc.store.pendingStructs).toBeNull();
    jest.advanceTimersByTime(1000);
    expect(fake.joins).toHaveLength(0);
    provider.destroy();
  });

  it('joins unlisted when asked, and re-joins to change it (after a join under way has answered)', async () => {
    const { fake, provider, answerJoin } = setup({ listed: false });
    expect(fake.listed).toEqual([false]);
    answerJoin();
    provider.setListed(false);
    expect(fake.joins).toHaveLength(0);
    provider.setListed(true);
    expect(fake.listed).toEqual([false, true]);
    // Changed again while that join is under way: one more join once it answers, with the last word.
    provider.setListed(false);
    expect(fake.joins).toHaveLength(1);
    answerJoin();
    await Promise.resolve();
    expect(fake.listed).toEqual([false, true, false]);
    provider.destroy();
  });
});

// The text a peer holds after applying `updates` (what the server stored, in order).
function textOf(updates: Uint8Array[]): string {
  const peer = new Y.Doc();
  for (const u of updates) Y.applyUpdate(peer, u);
  return peer.getText('t').toString();
}

describe('CollabProvider coalescing of local updates', () => {
  afterEach(() => jest.useRealTimers());

  it('sends the first update at once and the ones made while it is unacknowledged as one, on its ack', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type } = setup();
    answerJoin();
    type('h');
    expect(fake.updates).toHaveLength(1);
    for (const ch of 'ello') type(ch);
    expect(fake.updates).toHaveLength(1);
    expect(provider.pending).toBe(5);
    fake.updates[0]!.ack({ ok: true, id: '1-0' });
    expect(fake.updates).toHaveLength(2);
    expect(provider.pending).toBe(4);
    expect(textOf(fake.updates.map((u) => u.update))).toBe('hello');
    fake.updates[1]!.ack({ ok: true, id: '2-0' });
    expect(provider.pending).toBe(0);
    // Nothing in flight: the next keystroke goes at once again.
    type('!');
    expect(fake.updates).toHaveLength(3);
    provider.destroy();
  });

  it('sends held updates after the delay bound when the ack is slow, and past the size bound at once', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type } = setup({ holdMs: 50, holdBytes: 200 });
    answerJoin();
    type('a');
    type('b');
    jest.advanceTimersByTime(49);
    expect(fake.updates).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(fake.updates).toHaveLength(2);
    // Both still unacknowledged: a long paste-like run is cut at the size bound.
    for (let i = 0; i < 20; i++) type('0123456789');
    expect(fake.updates.length).toBeGreaterThan(2);
    expect(fake.updates.slice(2).every((u) => u.update.byteLength < 400)).toBe(true);
    jest.advanceTimersByTime(50);
    for (const [i, u] of fake.updates.entries()) u.ack({ ok: true, id: `${i + 1}-0` });
    expect(provider.pending).toBe(0);
    expect(textOf(fake.updates.map((u) => u.update))).toBe('ab' + '0123456789'.repeat(20));
    provider.destroy();
  });

  it('counts a refused merged update as a refusal of every update in it, until a handshake covers them', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type } = setup();
    answerJoin();
    type('a');
    type('b');
    type('c');
    type('d');
    fake.updates[0]!.ack({ ok: true, id: '1-0' });
    expect(provider.pending).toBe(3);
    // b, c, d went as one; it is refused. A later update's ack must not count any of them.
    fake.updates[1]!.ack(refusal('update_gap'));
    type('e');
    fake.updates[2]!.ack({ ok: true, id: '3-0' });
    expect(provider.pending).toBe(4);
    expect(provider.saved).toBe(false);
    jest.advanceTimersByTime(10);
    fake.joins.shift()!({ ok: true, update: EMPTY, stateVector: new Uint8Array([0]), role: 'editor', canEdit: true, savedUpTo: '0-0', upTo: '0-0', presence: [] });
    fake.updates[3]!.ack({ ok: true, id: '4-0' });
    expect(provider.pending).toBe(0);
    fake.channel!.onSaved('4-0');
    expect(provider.saved).toBe(true);
    provider.destroy();
  });

  it('leaves held updates to the handshake after a disconnect, and counts afresh on the new connection', () => {
    jest.useFakeTimers();
    const { fake, doc, provider, answerJoin, type } = setup();
    answerJoin();
    type('a');
    type('b');
    type('c');
    fake.connected = false;
    fake.channel!.onDisconnect();
    // The held ones are not sent into a dead socket, the first one's ack never comes.
    jest.advanceTimersByTime(1000);
    expect(fake.updates).toHaveLength(1);
    expect(provider.pending).toBe(3);
    fake.connected = true;
    fake.channel!.onConnect();
    answerJoin();
    // The answer is the whole diff (the server vector is empty): a, b and c.
    expect(fake.updates).toHaveLength(2);
    expect(textOf([fake.updates[1]!.update])).toBe(doc.getText('t').toString());
    fake.updates[1]!.ack({ ok: true, id: '2-0' });
    expect(provider.pending).toBe(0);
    // Nothing of the old socket counts as in flight: the next keystroke goes at once.
    type('d');
    expect(fake.updates).toHaveLength(3);
    provider.destroy();
  });

  it('a handshake answer carries the held updates, which are then not sent again', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type } = setup();
    answerJoin();
    type('a');
    type('b');
    // A re-join while synced (e.g. setListed): its answer holds a and b.
    provider.setListed(false);
    answerJoin();
    expect(fake.updates).toHaveLength(2);
    fake.updates[0]!.ack({ ok: true, id: '1-0' });
    jest.advanceTimersByTime(1000);
    expect(fake.updates).toHaveLength(2);
    fake.updates[1]!.ack({ ok: true, id: '2-0' });
    expect(provider.pending).toBe(0);
    provider.destroy();
  });

  it('sends what is held before leaving on disconnect() and destroy()', () => {
    jest.useFakeTimers();
    const { fake, provider, answerJoin, type } = setup();
    const order: string[] = [];
    const send = fake.sendUpdate.bind(fake);
    fake.sendUpdate = (pageId, update, ack) => (order.push('update'), send(pageId, update, ack));
    fake.leave = () => void order.push('leave');
    answerJoin();
    type('a');
    type('b');
    provider.destroy();
    expect(order).toEqual(['update', 'update', 'leave']);
    expect(textOf(fake.updates.map((u) => u.update))).toBe('ab');
  });
});
