import { ClientEvent, CollabErrorCode, ServerEvent, wireBytes, type CollabError, type JoinAck, type UpdateAck } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import * as msgpackParser from 'socket.io-msgpack-parser';
import * as Y from 'yjs';
import {
  addMember,
  addPage,
  type Client,
  collabEnv,
  CollabWorld,
  converged,
  persistedText,
  savedAll,
  signUp,
  socketToken,
  synced,
  TEXT,
  type TestUser,
} from './support/collab/fixtures.js';

// Invariants 8 and 10 against a hostile editor: a member of the workspace with a raw socket, who
// sends what the provider never would. Item 4: claiming another client id's future clocks
// (update_gap) or writing under another account's client id (forbidden, also after a restart).
// Item 5: awareness ids bounded per membership, ids of another socket refused, colours checked,
// names the server's. Throughout, honest clients keep converging and Postgres keeps their text.
describe('collaboration: a hostile editor', () => {
  let world: CollabWorld;
  let mallory: TestUser;
  let carol: TestUser;
  const sockets: Socket[] = [];

  const rawSocket = async (user: TestUser): Promise<Socket> => {
    const url = world.serverUrl();
    const socket = io(url, { parser: msgpackParser, transports: ['websocket'], auth: { token: await socketToken(url, user.session) }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const call = <T>(socket: Socket, event: string, payload: unknown): Promise<T> => socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
  const join = async (socket: Socket, pageId: string): Promise<void> => {
    const ack = await call<JoinAck>(socket, ClientEvent.Join, { pageId, stateVector: wireBytes(Y.encodeStateVector(new Y.Doc())) });
    expect(ack.ok).toBe(true);
  };
  const sendUpdate = (socket: Socket, pageId: string, update: Uint8Array) => call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: wireBytes(update) });
  const nextError = (socket: Socket) => new Promise<CollabError>((resolve) => socket.once(ServerEvent.Error, resolve));

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ PERSIST_INTERVAL_MS: '200', COLLAB_MAX_AWARENESS_CLIENTS: '2' }), { ownerName: 'Ada' });
    mallory = await signUp(world.serverUrl(), 'Mallory');
    carol = await signUp(world.serverUrl(), 'Carol');
    await addMember(world.prisma, world.workspaceId, mallory, 'member');
    await addMember(world.prisma, world.workspaceId, carol, 'member');
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await world?.close();
  });

  // Structs for `client` from clock `from` on (an update nobody wrote), `length` characters.
  function claim(client: number, from: number, length = 1): Uint8Array {
    const doc = new Y.Doc();
    doc.clientID = client;
    doc.getText(TEXT).insert(0, 'x'.repeat(from + length));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, from);
    return Y.diffUpdate(Y.encodeStateAsUpdate(doc), encoding.toUint8Array(encoder));
  }

  async function freshText(pageId: string): Promise<string> {
    const joiner = await world.client(pageId, { user: carol });
    await synced(joiner);
    const text = joiner.text();
    joiner.close();
    return text;
  }

  it("refuses a tiny update claiming an honest client's future clock range (update_gap); that client's edits still reach everyone", async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const ada = await world.client(pageId);
    const reader = await world.client(pageId, { user: carol });
    await synced(ada, reader);
    ada.insert(0, 'hello');
    await savedAll(ada);
    const socket = await rawSocket(mallory);
    await join(socket, pageId);
    const squat = claim(ada.doc.clientID, Y.getState(ada.doc.store, ada.doc.clientID) + 2);
    expect(squat.byteLength).toBeLessThan(40);
    expect(await sendUpdate(socket, pageId, squat)).toMatchObject({ ok: false, error: { code: CollabErrorCode.UpdateGap } });
    // Deleting a range nobody wrote is the same claim.
    const ghost = new Y.Doc();
    ghost.clientID = ada.doc.clientID;
    ghost.getText(TEXT).insert(0, 'x'.repeat(40));
    const before = Y.encodeStateVector(ghost);
    ghost.getText(TEXT).delete(30, 5);
    expect(await sendUpdate(socket, pageId, Y.encodeStateAsUpdate(ghost, before))).toMatchObject({ ok: false, error: { code: CollabErrorCode.UpdateGap } });

    ada.insert(5, ' world');
    await converged([ada, reader]);
    expect(reader.text()).toBe('hello world');
    await savedAll(ada);
    await waitUntil('Postgres has it', async () => (await persistedText(world.prisma, pageId)) === 'hello world', 20_000);
    expect(await freshText(pageId)).toBe('hello world');
  }, 90_000);

  it("refuses structs under another account's client id (forbidden), also after the server restarts", async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const ada = await world.client(pageId);
    await synced(ada);
    ada.insert(0, 'mine');
    await savedAll(ada);
    // Exactly where Ada's clock stands: no gap, only the wrong account.
    const forged = (): Uint8Array => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(ada.doc));
      doc.clientID = ada.doc.clientID;
      const known = Y.encodeStateVector(doc);
      doc.getText(TEXT).insert(0, 'EVIL ');
      return Y.encodeStateAsUpdate(doc, known);
    };
    let socket = await rawSocket(mallory);
    await join(socket, pageId);
    expect(await sendUpdate(socket, pageId, forged())).toMatchObject({ ok: false, error: { code: CollabErrorCode.Forbidden } });

    await world.stack.servers[0]!.kill9();
    await world.stack.restartServer(0);
    socket = await rawSocket(mallory);
    await join(socket, pageId);
    expect(await sendUpdate(socket, pageId, forged())).toMatchObject({ ok: false, error: { code: CollabErrorCode.Forbidden } });
    // Mallory's own client id is hers to write.
    const own = new Y.Doc();
    Y.applyUpdate(own, Y.encodeStateAsUpdate(ada.doc));
    const known = Y.encodeStateVector(own);
    own.getText(TEXT).insert(own.getText(TEXT).length, '!');
    expect(await sendUpdate(socket, pageId, Y.encodeStateAsUpdate(own, known))).toMatchObject({ ok: true });

    await synced(ada);
    ada.insert(0, 'still ');
    await waitUntil('Ada sees both', async () => ada.text() === 'still mine!', 20_000);
    await savedAll(ada);
    await waitUntil('Postgres has it', async () => (await persistedText(world.prisma, pageId)) === 'still mine!', 20_000);
    expect(await freshText(pageId)).toBe('still mine!');
  }, 120_000);

  it('keeps honest clients converging through offline edits and reconnects', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const a = await world.client(pageId);
    const b = await world.client(pageId, { user: carol });
    await synced(a, b);
    for (let round = 0; round < 4; round++) {
      const offline: Client = round % 2 === 0 ? a : b;
      const online = offline === a ? b : a;
      offline.provider.disconnect();
      for (let i = 0; i < 60; i++) {
        offline.insert(i * 3, `o${round}.${i} `);
        online.insert(0, `n${round}.${i} `);
        if (i % 10 === 9) offline.doc.getText(TEXT).delete(0, 2);
      }
      offline.provider.connect();
      await synced(offline);
      await converged([a, b], 30_000);
    }
    const text = await converged([a, b], 30_000);
    await savedAll(a, b);
    await waitUntil('Postgres has it', async () => (await persistedText(world.prisma, pageId)) === text, 30_000);
    expect(await freshText(pageId)).toBe(text);
    expect([...a.errors, ...b.errors].filter((e) => e.code !== CollabErrorCode.RateLimited)).toEqual([]);
  }, 120_000);

  it('bounds awareness: ids per membership, ids of another socket, colours; the name shown is the account name', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const ada = await world.client(pageId);
    await synced(ada);
    const socket = await rawSocket(mallory);
    await join(socket, pageId);
    const announced = new Promise((resolve) => socket.once(ServerEvent.Awareness, resolve));
    ada.provider.awareness!.setLocalStateField('user', { name: 'Ada', color: '#00aa00' });
    await announced;

    const awareness = (entries: [number, number, unknown][]) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, entries.length);
      for (const [id, clock, state] of entries) {
        encoding.writeVarUint(encoder, id);
        encoding.writeVarUint(encoder, clock);
        encoding.writeVarString(encoder, JSON.stringify(state));
      }
      return wireBytes(encoding.toUint8Array(encoder));
    };
    const refusal = async (entries: [number, number, unknown][]) => {
      const error = nextError(socket);
      socket.emit(ClientEvent.Awareness, { pageId, update: awareness(entries) });
      return (await error).code;
    };
    const state = (name: string, color = '#ff0000') => ({ user: { name, color } });
    expect(await refusal([[1001, 1, state('a')], [1002, 1, state('b')], [1003, 1, state('c')]])).toBe(CollabErrorCode.ValidationFailed);
    expect(await refusal([[ada.doc.clientID, 99, state('Ada')]])).toBe(CollabErrorCode.Forbidden);
    expect(await refusal([[1004, 1, state('x', 'red;background:url(//evil)')]])).toBe(CollabErrorCode.ValidationFailed);

    // A valid state, with a name that is not hers: Ada sees Mallory's account name.
    socket.emit(ClientEvent.Awareness, { pageId, update: awareness([[1005, 1, state('Ada (owner)')]]) });
    await waitUntil('Ada sees the caret', async () => ada.provider.awareness!.getStates().has(1005), 10_000);
    expect(ada.provider.awareness!.getStates().get(1005)).toMatchObject({ user: { name: 'Mallory', color: '#ff0000' } });
    // None of the refused ids reached Ada.
    for (const id of [1001, 1002, 1003, 1004]) expect(ada.provider.awareness!.getStates().has(id)).toBe(false);
    expect(ada.provider.awareness!.getStates().get(ada.doc.clientID)).toMatchObject({ user: { name: 'Ada' } });
    socket.disconnect();
    await waitUntil('the caret leaves with the socket', async () => !ada.provider.awareness!.getStates().has(1005), 10_000);
  }, 60_000);
});
