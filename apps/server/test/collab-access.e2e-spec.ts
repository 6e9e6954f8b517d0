import { randomBytes, randomUUID } from 'node:crypto';
import { CollabErrorCode, ClientEvent, ServerEvent, wireBytes, type AccessEvent, type PresenceEvent, type UpdateAck, type JoinAck, type WatchAck } from '@tandem/protocol';
import type { TandemStack } from '@tandem/testkit';
import { waitUntil } from '@tandem/testkit';
import { io, type Socket } from 'socket.io-client';
import * as msgpackParser from 'socket.io-msgpack-parser';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import {
  addMember,
  addPage,
  api,
  type Client,
  collabEnv,
  CollabWorld,
  converged,
  persistedText,
  savedAll,
  shareLink,
  signUp,
  socketToken,
  synced,
  type TestUser,
} from './support/collab/fixtures.js';

const MAX_UPDATE = 64 * 1024;
const MAX_DOCUMENT = 160_000;
// The shortest the server allows: the expired-token test waits it out.
const TOKEN_TTL_S = 10;

// Permissions and untrusted input against the real gateway: refused updates are neither stored
// nor relayed, and the socket, the page and the server stay healthy.
describe('collaboration: permissions and bad input', () => {
  let stack: TandemStack;
  let prisma: PrismaClient;
  let owner: TestUser;
  let guest: TestUser;
  let workspaceId: string;
  const sockets: Socket[] = [];

  let world: CollabWorld;
  const client = (user: TestUser | null, pageId: string, shareToken?: string): Promise<Client> =>
    world.client(pageId, { user, shareToken });

  // A raw Socket.IO client speaking the protocol by hand, to send what the provider never would.
  const rawSocket = async (user: TestUser): Promise<Socket> => {
    const token = await socketToken(stack.serverUrl, user.session);
    const socket = io(stack.serverUrl, { parser: msgpackParser, transports: ['websocket'], auth: { token } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const call = <T>(socket: Socket, event: string, payload: unknown): Promise<T> =>
    socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;

  // A promise that must settle within `ms`, failing with what was awaited.
  const bounded = <T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms).unref())]);

  const logIn = async (user: TestUser): Promise<string> => {
    const res = await fetch(`${stack.serverUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: 'correct horse battery staple' }) });
    if (res.status !== 200 && res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };

  // A raw socket joined to a page with its own copy of the document: it sends edits whatever the
  // server last said about its role (as a modified client would), and records what it is sent.
  const member = async (user: TestUser, pageId: string) => {
    const socket = await rawSocket(user);
    const doc = new Y.Doc();
    const access: AccessEvent[] = [];
    let received = 0;
    const accessWaiters: (() => void)[] = [];
    socket.on(ServerEvent.Update, (e: { pageId: string; update: Uint8Array }) => {
      received++;
      Y.applyUpdate(doc, e.update);
    });
    socket.on(ServerEvent.Access, (e: AccessEvent) => {
      access.push(e);
      for (const w of accessWaiters.splice(0)) w();
    });
    const joined = await call<JoinAck>(socket, ClientEvent.Join, { pageId, stateVector: wireBytes(Y.encodeStateVector(doc)) });
    if (joined.ok) Y.applyUpdate(doc, joined.update);
    return {
      socket,
      joined,
      access,
      get received() {
        return received;
      },
      text: () => doc.getText('t').toString(),
      edit: (text: string): Promise<UpdateAck> => {
        const before = Y.encodeStateVector(doc);
        doc.getText('t').insert(doc.getText('t').length, text);
        return call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: wireBytes(Y.encodeStateAsUpdate(doc, before)) });
      },
      // The gateway tells the socket its new role only after it applied it: waiting for that event
      // (not a sleep) is what makes the next edit a test of the gateway.
      accessBecomes: async (role: AccessEvent['role']): Promise<AccessEvent> => {
        const found = () => access.find((e) => e.pageId === pageId && e.role === role);
        await bounded(`page:access with role ${role}`, new Promise<void>((resolve) => {
          if (found()) return resolve();
          const check = () => (found() ? resolve() : accessWaiters.push(check));
          accessWaiters.push(check);
        }));
        return found()!;
      },
      // An acknowledged request: everything the server sent this socket before it arrives first.
      roundTrip: () => call<WatchAck>(socket, ClientEvent.UnwatchWorkspace, { workspaceId: randomUUID() }),
    };
  };

  // A watcher that lost the workspace stops hearing its tree changes: each round creates a page,
  // waits for a member still watching to hear it, then a round trip on the lost socket (anything
  // sent to it before is in by then). Passes on the first round it did not hear, within a bound.
  const stopsHearingTree = async (lost: { socket: Socket; roundTrip: () => Promise<WatchAck> }, inWorkspace: string) => {
    const witness = await rawSocket(owner);
    expect(await call<WatchAck>(witness, ClientEvent.WatchWorkspace, { workspaceId: inWorkspace })).toMatchObject({ ok: true });
    let witnessHeard = 0;
    let lostHeard = 0;
    witness.on(ServerEvent.WorkspaceChanged, () => witnessHeard++);
    lost.socket.on(ServerEvent.WorkspaceChanged, () => lostHeard++);
    for (let round = 0; round < 20; round++) {
      const heardBefore = lostHeard;
      const witnessBefore = witnessHeard;
      expect((await api(stack.serverUrl, owner, 'POST', `/workspaces/${inWorkspace}/pages`, { title: `Round ${round}` })).status).toBe(201);
      await waitUntil('the staying watcher hears the tree change', async () => witnessHeard > witnessBefore, 10_000);
      await lost.roundTrip();
      if (lostHeard === heardBefore) return;
    }
    throw new Error('A watcher that lost the workspace still hears its tree changes after 20 rounds');
  };

  beforeAll(async () => {
    world = await CollabWorld.open(
      collabEnv({
        COLLAB_MAX_UPDATE_BYTES: String(MAX_UPDATE),
        COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT),
        COLLAB_UPDATES_PER_SECOND: '20',
        COLLAB_UPDATE_BURST: '20',
        COLLAB_MAX_PAGES_PER_SOCKET: '3',
        SOCKET_TOKEN_TTL_SECONDS: String(TOKEN_TTL_S),
      }),
      { ownerName: 'Owner' },
    );
    ({ stack, prisma, owner, workspaceId } = world);
    guest = await signUp(stack.serverUrl, 'Guest');
    // Shares bind only to a confirmed address (issue 12); this suite is not about confirming one.
    await prisma.user.update({ where: { id: guest.id }, data: { emailVerifiedAt: new Date() } });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await world?.close();
  });

  it('refuses a socket without a valid token', async () => {
    const socket = io(stack.serverUrl, { parser: msgpackParser, transports: ['websocket'], auth: { token: 'x'.repeat(40) }, reconnection: false });
    sockets.push(socket);
    const err = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve));
    expect(err.data?.code).toBe(CollabErrorCode.Unauthenticated);
  });

  it('uses a socket token up: a second connection with the same token is refused, at once or in a race', async () => {
    const refused = async (token: string) => {
      const socket = io(stack.serverUrl, { parser: msgpackParser, transports: ['websocket'], auth: { token }, reconnection: false });
      sockets.push(socket);
      return new Promise<string | undefined>((resolve) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code));
      });
    };
    const token = await socketToken(stack.serverUrl, owner.session);
    expect(await refused(token)).toBeUndefined();
    expect(await refused(token)).toBe(CollabErrorCode.Unauthenticated);
    // Five sockets racing with one token: exactly one gets in.
    const raced = await socketToken(stack.serverUrl, owner.session);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => refused(raced)));
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(1);
    expect(outcomes.filter((o) => o === CollabErrorCode.Unauthenticated)).toHaveLength(4);
  });

  it("refuses a viewer's update: error, nothing stored, nothing relayed", async () => {
    const pageId = await addPage(prisma, workspaceId);
    expect((await api(stack.serverUrl, owner, 'PUT', `/pages/${pageId}/shares`, { email: guest.email, role: 'viewer' })).status).toBe(200);
    const editor = await client(owner, pageId);
    const viewer = await client(guest, pageId);
    await synced(editor, viewer);
    expect(viewer.provider.canEdit).toBe(false);
    editor.insert(0, 'from the editor');
    await converged([editor, viewer]);

    viewer.insert(0, 'VIEWER ');
    await waitUntil('the viewer is refused', async () => viewer.errors.some((e) => e.code === CollabErrorCode.Forbidden), 5000);
    editor.insert(editor.text().length, '!');
    await waitUntil('the editor edit arrives', async () => viewer.text().endsWith('!'));
    await savedAll(editor);
    expect(editor.text()).toBe('from the editor!');
    expect(await persistedText(prisma, pageId)).toBe('from the editor!');
  });

  it("refuses a public-link reader's update", async () => {
    const pageId = await addPage(prisma, workspaceId);
    const token = await shareLink(prisma, pageId);
    const editor = await client(owner, pageId);
    const reader = await client(null, pageId, token);
    await synced(editor, reader);
    expect(reader.provider.role).toBe('viewer');
    reader.insert(0, 'LINK ');
    await waitUntil('the reader is refused', async () => reader.errors.some((e) => e.code === CollabErrorCode.Forbidden), 5000);
    editor.insert(0, 'real');
    await savedAll(editor);
    await waitUntil('the reader sees the edit', async () => reader.text().includes('real'));
    expect(editor.text()).toBe('real');
    expect(await persistedText(prisma, pageId)).toBe('real');
  });

  it("a page the user cannot see is not found, and joins nothing", async () => {
    const pageId = await addPage(prisma, workspaceId);
    const socket = await rawSocket(guest);
    const ack = await call<JoinAck>(socket, ClientEvent.Join, { pageId, stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(ack).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotFound } });
    const update = await call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: Y.encodeStateAsUpdate(docWith('sneaky')) });
    expect(update).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotJoined } });
  });

  it("revoking a share during a session stops that socket's edits and reads at once", async () => {
    const pageId = await addPage(prisma, workspaceId);
    expect((await api(stack.serverUrl, owner, 'PUT', `/pages/${pageId}/shares`, { email: guest.email, role: 'editor' })).status).toBe(200);
    const editor = await client(owner, pageId);
    await synced(editor);
    const shared = await member(guest, pageId);
    expect(shared.joined).toMatchObject({ ok: true, canEdit: true });
    expect(await shared.edit('allowed ')).toMatchObject({ ok: true });
    await waitUntil('the editor has the guest edit', async () => editor.text() === 'allowed ', 10_000);

    expect((await api(stack.serverUrl, owner, 'DELETE', `/pages/${pageId}/shares/${guest.id}`)).status).toBe(204);
    await shared.accessBecomes(null);
    // Sent from a raw socket (a provider stops sending once told), so only the gateway can refuse it.
    expect(await shared.edit('AFTER REVOKE ')).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotJoined } });
    editor.insert(editor.text().length, 'still here');
    await savedAll(editor);
    // Nor does the removed socket read on: the editor's update was relayed before this round trip.
    await shared.roundTrip();
    expect(shared.received).toBe(0);
    expect(editor.text()).toBe('allowed still here');
    expect(await persistedText(prisma, pageId)).toBe('allowed still here');
  });

  describe('access changes during a session reach the open socket', () => {
    it('a role lowered from editor to viewer: the socket may no longer edit, and still reads', async () => {
      const pageId = await addPage(prisma, workspaceId);
      expect((await api(stack.serverUrl, owner, 'PUT', `/pages/${pageId}/shares`, { email: guest.email, role: 'editor' })).status).toBe(200);
      const editor = await client(owner, pageId);
      await synced(editor);
      const shared = await member(guest, pageId);
      expect(await shared.edit('one ')).toMatchObject({ ok: true });

      expect((await api(stack.serverUrl, owner, 'PUT', `/pages/${pageId}/shares`, { email: guest.email, role: 'viewer' })).status).toBe(200);
      expect(await shared.accessBecomes('viewer')).toMatchObject({ canEdit: false });
      expect(await shared.edit('LOWERED ')).toMatchObject({ ok: false, error: { code: CollabErrorCode.Forbidden } });
      editor.insert(editor.text().length, 'two');
      await savedAll(editor);
      // (The raw socket's own copy keeps its refused edit; nobody else ever sees it.)
      await waitUntil('the viewer still reads the editor', async () => shared.text().includes('two'), 10_000);
      expect(editor.text()).toBe('one two');
      expect(await persistedText(prisma, pageId)).toBe('one two');
    });

    it('a removed member loses the page and the workspace: no edits, no reads, no tree events', async () => {
      const user = await signUp(stack.serverUrl, 'Member');
      await addMember(prisma, workspaceId, user, 'member');
      const pageId = await addPage(prisma, workspaceId);
      const editor = await client(owner, pageId);
      await synced(editor);
      const removed = await member(user, pageId);
      expect(removed.joined).toMatchObject({ ok: true, role: 'editor', canEdit: true });
      expect(await call<WatchAck>(removed.socket, ClientEvent.WatchWorkspace, { workspaceId })).toMatchObject({ ok: true });
      expect(await removed.edit('member ')).toMatchObject({ ok: true });

      expect((await api(stack.serverUrl, owner, 'DELETE', `/workspaces/${workspaceId}/members/${user.id}`)).status).toBe(204);
      await removed.accessBecomes(null);
      expect(await removed.edit('REMOVED ')).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotJoined } });
      editor.insert(editor.text().length, 'owner');
      await savedAll(editor);
      await removed.roundTrip();
      expect(removed.received).toBe(0);
      expect(await persistedText(prisma, pageId)).toBe('member owner');
      await stopsHearingTree(removed, workspaceId);
      // And joining again is refused.
      expect(await call<JoinAck>(removed.socket, ClientEvent.Join, { pageId, stateVector: Y.encodeStateVector(new Y.Doc()) })).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotFound } });
    });

    it('a trashed page: a member may no longer edit it nor join it again', async () => {
      const user = await signUp(stack.serverUrl, 'Trash member');
      await addMember(prisma, workspaceId, user, 'member');
      const pageId = await addPage(prisma, workspaceId);
      const inPage = await member(user, pageId);
      expect(await inPage.edit('before ')).toMatchObject({ ok: true });
      expect((await api(stack.serverUrl, owner, 'POST', `/pages/${pageId}/trash`)).status).toBe(204);
      await inPage.accessBecomes(null);
      expect(await inPage.edit('TRASHED ')).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotJoined } });
      expect(await call<JoinAck>(inPage.socket, ClientEvent.Join, { pageId, stateVector: Y.encodeStateVector(new Y.Doc()) })).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotFound } });
      // The owner (full access) still may open it, to restore it; what is stored is the edit before.
      const ownerSide = await member(owner, pageId);
      expect(ownerSide.joined).toMatchObject({ ok: true, role: 'full_access' });
      await waitUntil('the edit before the trash is persisted', async () => (await persistedText(prisma, pageId)) === 'before ', 15_000);
    });

    it('a deleted workspace: its members lose their pages and its tree events', async () => {
      const user = await signUp(stack.serverUrl, 'Doomed member');
      const doomed = await prisma.workspace.create({ data: { name: 'Doomed', members: { create: [{ userId: owner.id, role: 'owner' }, { userId: user.id, role: 'member' }] } } });
      const pageId = await addPage(prisma, doomed.id);
      const inPage = await member(user, pageId);
      expect(await call<WatchAck>(inPage.socket, ClientEvent.WatchWorkspace, { workspaceId: doomed.id })).toMatchObject({ ok: true });
      let heard = 0;
      inPage.socket.on(ServerEvent.WorkspaceChanged, () => heard++);
      expect(await inPage.edit('x')).toMatchObject({ ok: true });
      expect((await api(stack.serverUrl, owner, 'DELETE', `/workspaces/${doomed.id}`)).status).toBe(204);
      await inPage.accessBecomes(null);
      expect(await inPage.edit('GONE')).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotJoined } });
      // The deletion itself was the last tree event it may hear; the watch is gone (joining it is refused).
      expect(heard).toBeLessThanOrEqual(1);
      expect(await call<WatchAck>(inPage.socket, ClientEvent.WatchWorkspace, { workspaceId: doomed.id })).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotFound } });
    });

    // Logout, session revoke and password change end one session's sockets and no other's.
    const endings: [string, (ending: TestUser, other: TestUser) => Promise<Response>][] = [
      ["logging out ends that session's socket", (ending) => api(stack.serverUrl, ending, 'POST', '/auth/logout')],
      ["revoking a session from another ends the revoked session's socket", async (_ending, other) => {
        const list = (await (await api(stack.serverUrl, other, 'GET', '/auth/sessions')).json()) as { sessions: { id: string; current: boolean }[] };
        const target = list.sessions.filter((s) => !s.current);
        expect(target).toHaveLength(1);
        return api(stack.serverUrl, other, 'DELETE', `/auth/sessions/${target[0]!.id}`);
      }],
      ["changing the password ends every other session's socket", (_ending, other) =>
        api(stack.serverUrl, other, 'POST', '/auth/password', { currentPassword: 'correct horse battery staple', newPassword: 'another horse battery staple' })],
    ];
    it.each(endings)('%s', async (_what, act) => {
      const user = await signUp(stack.serverUrl, 'Sessions');
      await addMember(prisma, workspaceId, user, 'member');
      const second: TestUser = { ...user, session: await logIn(user) };
      const pageId = await addPage(prisma, workspaceId);
      const ending = await member(user, pageId);
      const staying = await member(second, pageId);
      expect(await ending.edit('a')).toMatchObject({ ok: true });
      const ended = new Promise<string>((resolve) => ending.socket.once('disconnect', resolve));
      const told = new Promise<{ code: string }>((resolve) => ending.socket.once(ServerEvent.Error, resolve));
      const res = await act(user, second);
      expect([200, 204]).toContain(res.status);
      expect(await bounded('the ended session\'s socket is disconnected', ended)).toBe('io server disconnect');
      expect((await bounded('the ended session\'s socket is told why', told)).code).toBe(CollabErrorCode.Unauthenticated);
      expect(ending.access).toEqual([{ pageId, role: null, canEdit: false }]);
      // The session is over for sockets too: no new token for it.
      expect((await api(stack.serverUrl, user, 'POST', '/auth/socket-token', {})).status).toBe(401);
      // The other session's socket still edits, and Postgres holds exactly what was accepted.
      expect(staying.socket.connected).toBe(true);
      await waitUntil('the staying socket has the first edit', async () => staying.text() === 'a', 10_000);
      expect(await staying.edit('b')).toMatchObject({ ok: true });
      await waitUntil('both accepted edits are persisted', async () => (await persistedText(prisma, pageId)) === 'ab', 15_000);
    });
  });

  it('tells watchers of a workspace when its page tree changes, and only members may watch', async () => {
    const ownerConnection = (await client(owner, await addPage(prisma, workspaceId))).connection;
    const changed: string[] = [];
    ownerConnection.on('workspace-changed', (id) => changed.push(id));
    ownerConnection.watchWorkspace(workspaceId);
    const outsider = await rawSocket(await signUp(stack.serverUrl, 'Outsider'));
    const refused = await call<{ ok: boolean; error?: { code: string } }>(outsider, ClientEvent.WatchWorkspace, { workspaceId });
    expect(refused).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotFound } });
    let outsiderHeard = 0;
    outsider.on(ServerEvent.WorkspaceChanged, () => outsiderHeard++);

    // Creating a page through the REST API publishes the change.
    await waitUntil('watch registered', async () => {
      const res = await api(stack.serverUrl, owner, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'New' });
      if (res.status !== 201) throw new Error(`create page: ${res.status} ${await res.text()}`);
      return changed.includes(workspaceId);
    }, 10_000);
    expect(outsiderHeard).toBe(0);

    // After unwatching, the next change is not sent (a watcher that stayed proves it was published).
    const stayed = await rawSocket(owner);
    expect(await call<{ ok: boolean }>(stayed, ClientEvent.WatchWorkspace, { workspaceId })).toMatchObject({ ok: true });
    let stayedHeard = 0;
    stayed.on(ServerEvent.WorkspaceChanged, () => stayedHeard++);
    const unwatched = await rawSocket(owner);
    expect(await call<{ ok: boolean }>(unwatched, ClientEvent.WatchWorkspace, { workspaceId })).toMatchObject({ ok: true });
    expect(await call<{ ok: boolean }>(unwatched, ClientEvent.UnwatchWorkspace, { workspaceId })).toMatchObject({ ok: true });
    let unwatchedHeard = 0;
    unwatched.on(ServerEvent.WorkspaceChanged, () => unwatchedHeard++);
    const res = await api(stack.serverUrl, owner, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Newer' });
    expect(res.status).toBe(201);
    await waitUntil('the staying watcher told', async () => stayedHeard > 0, 10_000);
    expect(unwatchedHeard).toBe(0);
    expect(await call<{ ok: boolean; error?: { code: string } }>(unwatched, ClientEvent.UnwatchWorkspace, { workspaceId: 'nope' })).toMatchObject({ ok: false, error: { code: CollabErrorCode.ValidationFailed } });
  });

  // The socket side of the authorization matrix: every role × join, update, awareness, watch.
  it('answers each socket event by role, and stores only the updates of roles that may edit', async () => {
    const people = Object.fromEntries(
      await Promise.all((['admin', 'member', 'viewer', 'commenter', 'editor', 'guest', 'outsider'] as const).map(async (r) => [r, await signUp(stack.serverUrl, r)] as const)),
    ) as Record<'admin' | 'member' | 'viewer' | 'commenter' | 'editor' | 'guest' | 'outsider', TestUser>;
    const ws = await prisma.workspace.create({
      data: {
        name: 'Socket matrix',
        members: {
          create: [
            { userId: owner.id, role: 'owner' },
            { userId: people.admin.id, role: 'admin' },
            { userId: people.member.id, role: 'member' },
            ...(['viewer', 'commenter', 'editor', 'guest'] as const).map((r) => ({ userId: people[r].id, role: 'guest' as const })),
          ],
        },
      },
    });
    const pageId = await addPage(prisma, ws.id);
    for (const r of ['viewer', 'commenter', 'editor'] as const) await prisma.pageShare.create({ data: { pageId, userId: people[r].id, role: r, createdById: owner.id } });
    const link = await shareLink(prisma, pageId);
    const listener = await member(owner, pageId);
    let relayedAwareness = 0;
    listener.socket.on(ServerEvent.Awareness, () => relayedAwareness++);

    const roles = ['owner', 'admin', 'member', 'viewer', 'commenter', 'editor', 'guest', 'outsider', 'link'] as const;
    const outcome = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'ok' : ack.error!.code);
    const results: Record<string, { join: string; update: string; awareness: string; watch: string }> = {};
    for (const role of roles) {
      const token = role === 'link' ? await socketToken(stack.serverUrl, null, link) : await socketToken(stack.serverUrl, (role === 'owner' ? owner : people[role]).session);
      const socket = io(stack.serverUrl, { parser: msgpackParser, transports: ['websocket'], auth: { token }, reconnection: false });
      sockets.push(socket);
      await bounded(`${role} connects`, new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }));
      const errors: string[] = [];
      socket.on(ServerEvent.Error, (e: { code: string }) => errors.push(e.code));
      const join = await call<JoinAck>(socket, ClientEvent.Join, { pageId, stateVector: wireBytes(Y.encodeStateVector(new Y.Doc())) });
      const update = await call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: wireBytes(Y.encodeStateAsUpdate(docWith(`[${role}]`))) });
      const before = relayedAwareness;
      const caret = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(caret);
      awareness.setLocalState({ user: { name: role } });
      socket.emit(ClientEvent.Awareness, { pageId, update: wireBytes(awarenessProtocol.encodeAwarenessUpdate(awareness, [caret.clientID])) });
      awareness.destroy();
      // Round trips on both sockets: the refusal or the relay has arrived by their answers.
      await call<WatchAck>(socket, ClientEvent.UnwatchWorkspace, { workspaceId: randomUUID() });
      await listener.roundTrip();
      const watch = await call<WatchAck>(socket, ClientEvent.WatchWorkspace, { workspaceId: ws.id });
      results[role] = {
        join: join.ok ? `ok ${join.role}${join.canEdit ? ' edit' : ''}` : join.error.code,
        update: outcome(update),
        awareness: errors[0] ?? (relayedAwareness > before ? 'relayed' : 'silent'),
        watch: outcome(watch),
      };
    }
    const { Forbidden: forbidden, NotFound: notFound, NotJoined: notJoined } = CollabErrorCode;
    expect(results).toEqual({
      owner: { join: 'ok full_access edit', update: 'ok', awareness: 'relayed', watch: 'ok' },
      admin: { join: 'ok full_access edit', update: 'ok', awareness: 'relayed', watch: 'ok' },
      member: { join: 'ok editor edit', update: 'ok', awareness: 'relayed', watch: 'ok' },
      viewer: { join: 'ok viewer', update: forbidden, awareness: 'relayed', watch: 'ok' },
      commenter: { join: 'ok commenter', update: forbidden, awareness: 'relayed', watch: 'ok' },
      editor: { join: 'ok editor edit', update: 'ok', awareness: 'relayed', watch: 'ok' },
      guest: { join: notFound, update: notJoined, awareness: notJoined, watch: 'ok' },
      outsider: { join: notFound, update: notJoined, awareness: notJoined, watch: notFound },
      link: { join: 'ok viewer', update: forbidden, awareness: 'relayed', watch: notFound },
    });
    // Postgres holds the accepted updates and nothing of the refused ones.
    const editing = ['owner', 'admin', 'member', 'editor'];
    const acceptedLength = editing.reduce((n, r) => n + `[${r}]`.length, 0);
    await waitUntil('the accepted updates are persisted', async () => ((await persistedText(prisma, pageId)) ?? '').length === acceptedLength, 15_000);
    const stored = (await persistedText(prisma, pageId))!;
    for (const role of roles) expect({ role, stored: stored.includes(`[${role}]`) }).toEqual({ role, stored: editing.includes(role) });
  });

  describe('refusals of the socket protocol', () => {
    // A valid y-protocols awareness update announcing `state` for a fresh client.
    const awarenessUpdate = (state: Record<string, unknown>): { update: ArrayBuffer; clientId: number } => {
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      awareness.setLocalState(state);
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
      awareness.destroy();
      return { update: wireBytes(update), clientId: doc.clientID };
    };
    const nextError = (socket: Socket, what: string) => bounded(what, new Promise<{ code: string }>((resolve) => socket.once(ServerEvent.Error, resolve)));

    it('refuses a token used after it expired', async () => {
      const token = await socketToken(stack.serverUrl, owner.session);
      await new Promise((r) => setTimeout(r, TOKEN_TTL_S * 1000 + 1000));
      const socket = io(stack.serverUrl, { parser: msgpackParser, transports: ['websocket'], auth: { token }, reconnection: false });
      sockets.push(socket);
      const code = await bounded('the expired token to be refused', new Promise<string | undefined>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code));
      }));
      expect(code).toBe(CollabErrorCode.Unauthenticated);
    }, 30_000);

    it('a commenter joins read-only: its update is refused', async () => {
      const pageId = await addPage(prisma, workspaceId);
      expect((await api(stack.serverUrl, owner, 'PUT', `/pages/${pageId}/shares`, { email: guest.email, role: 'commenter' })).status).toBe(200);
      const commenter = await member(guest, pageId);
      expect(commenter.joined).toMatchObject({ ok: true, role: 'commenter', canEdit: false });
      expect(await commenter.edit('COMMENTER')).toMatchObject({ ok: false, error: { code: CollabErrorCode.Forbidden } });
      const editor = await member(owner, pageId);
      expect(await editor.edit('owner')).toMatchObject({ ok: true });
      await waitUntil('the owner edit is persisted', async () => (await persistedText(prisma, pageId)) === 'owner', 15_000);
    });

    it('refuses an update that would take the page past its size limit with document_too_large', async () => {
      const pageId = await addPage(prisma, workspaceId);
      const writer = await member(owner, pageId);
      const chunk = 'y'.repeat(60_000);
      const acks = [await writer.edit(chunk), await writer.edit(chunk), await writer.edit(chunk)];
      expect(acks.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'ok', CollabErrorCode.DocumentTooLarge]);
      // What is stored is exactly what was accepted.
      await waitUntil('the two accepted chunks are persisted', async () => (await persistedText(prisma, pageId))?.length === 120_000, 20_000);
    });

    it('refuses awareness for a page not joined, too large, or too fast, and relays none of it', async () => {
      const pageId = await addPage(prisma, workspaceId);
      const listener = await member(owner, pageId);
      let relayedAwareness = 0;
      listener.socket.on(ServerEvent.Awareness, () => relayedAwareness++);
      const sender = await rawSocket(owner);

      const notJoined = nextError(sender, 'not_joined for awareness before joining');
      sender.emit(ClientEvent.Awareness, { pageId, update: awarenessUpdate({ user: { name: 'early' } }).update });
      expect((await notJoined).code).toBe(CollabErrorCode.NotJoined);

      expect((await call<JoinAck>(sender, ClientEvent.Join, { pageId, stateVector: wireBytes(Y.encodeStateVector(new Y.Doc())) })).ok).toBe(true);
      const tooLarge = nextError(sender, 'update_too_large for a 20 KB awareness state');
      sender.emit(ClientEvent.Awareness, { pageId, update: awarenessUpdate({ user: { name: 'x'.repeat(20_000) } }).update });
      expect((await tooLarge).code).toBe(CollabErrorCode.UpdateTooLarge);

      // The bucket (burst 20) is shared with updates: 40 at once are more than it holds.
      const errors: string[] = [];
      sender.on(ServerEvent.Error, (e: { code: string }) => errors.push(e.code));
      // One awareness client (as a tab has): the per-socket cap on awareness ids is not what is tested here.
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      for (let i = 0; i < 40; i++) {
        awareness.setLocalState({ user: { name: `n${i}` } });
        sender.emit(ClientEvent.Awareness, { pageId, update: wireBytes(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])) });
      }
      awareness.destroy();
      // An acknowledged request after them: every refusal was sent before its answer.
      await call<WatchAck>(sender, ClientEvent.UnwatchWorkspace, { workspaceId: randomUUID() });
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((c) => c === CollabErrorCode.RateLimited)).toBe(true);
      // The listener got exactly the accepted ones (relays happen before the round trip's answer).
      await listener.roundTrip();
      expect(relayedAwareness).toBe(40 - errors.length);
    });

    it("page:leave tells the others at once: presence 'left' and the leaver's caret removed", async () => {
      const pageId = await addPage(prisma, workspaceId);
      const stayer = await member(owner, pageId);
      const leaver = await member(owner, pageId);
      const doc = new Y.Doc();
      const seen = new awarenessProtocol.Awareness(doc);
      stayer.socket.on(ServerEvent.Awareness, (e: { update: Uint8Array }) => awarenessProtocol.applyAwarenessUpdate(seen, new Uint8Array(e.update), 'remote'));
      const presence: PresenceEvent[] = [];
      stayer.socket.on(ServerEvent.Presence, (e: PresenceEvent) => presence.push(e));
      const caret = awarenessUpdate({ user: { name: 'Leaver', caret: 1 } });
      leaver.socket.emit(ClientEvent.Awareness, { pageId, update: caret.update });
      await waitUntil('the stayer sees the caret', async () => seen.getStates().has(caret.clientId), 10_000);

      expect(await call<{ ok: boolean }>(leaver.socket, ClientEvent.Leave, { pageId })).toMatchObject({ ok: true });
      // Both were sent before the leave was answered; a round trip on the stayer has them in.
      await stayer.roundTrip();
      expect(presence).toContainEqual({ pageId, left: leaver.socket.id });
      expect(seen.getStates().has(caret.clientId)).toBe(false);
      expect(await leaver.edit('after leaving')).toMatchObject({ ok: false, error: { code: CollabErrorCode.NotJoined } });
      seen.destroy();
    });
  });

  describe('untrusted payloads', () => {
    let socket: Socket;
    let pageId: string;
    let watcher: Client;
    let relayed = 0;

    beforeAll(async () => {
      pageId = await addPage(prisma, workspaceId);
      watcher = await client(owner, pageId);
      await synced(watcher);
      // Counts every update the gateway relays into the page, as a second member sees them.
      const listener = await rawSocket(owner);
      expect((await call<JoinAck>(listener, ClientEvent.Join, { pageId, stateVector: Y.encodeStateVector(new Y.Doc()) })).ok).toBe(true);
      listener.on(ServerEvent.Update, () => relayed++);
      socket = await rawSocket(owner);
      const ack = await call<JoinAck>(socket, ClientEvent.Join, { pageId, stateVector: Y.encodeStateVector(new Y.Doc()) });
      expect(ack.ok).toBe(true);
    });

    it.each([
      ['no payload', undefined],
      ['a string', 'hello'],
      ['numbers for bytes', { pageId: '00000000-0000-7000-8000-000000000000', update: [1, 2, 3] }],
      ['a non-uuid page id', { pageId: '../../etc', update: new Uint8Array([0, 0]) }],
      ['an array', [1, 2, 3]],
    ])('answers %s with validation_failed', async (_what, payload) => {
      const ack = await call<UpdateAck>(socket, ClientEvent.Update, payload);
      expect(ack).toMatchObject({ ok: false, error: { code: CollabErrorCode.ValidationFailed } });
    });

    it('answers garbage bytes with invalid_update and relays nothing', async () => {
      const garbage = Buffer.from('ffffffffffffffffffffffffffffffff', 'hex');
      const ack = await call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: garbage });
      expect(ack).toMatchObject({ ok: false, error: { code: CollabErrorCode.InvalidUpdate } });
      const empty = await call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: Y.encodeStateAsUpdate(new Y.Doc()) });
      expect(empty).toMatchObject({ ok: false, error: { code: CollabErrorCode.InvalidUpdate } });
      const badVector = await call<JoinAck>(socket, ClientEvent.Join, { pageId, stateVector: garbage });
      expect(badVector).toMatchObject({ ok: false, error: { code: CollabErrorCode.ValidationFailed } });
      expect(relayed).toBe(0);
    });

    it('answers an oversize update with update_too_large', async () => {
      const big = docWith('x'.repeat(MAX_UPDATE + 1000));
      const ack = await call<UpdateAck>(socket, ClientEvent.Update, { pageId, update: Y.encodeStateAsUpdate(big) });
      expect(ack).toMatchObject({ ok: false, error: { code: CollabErrorCode.UpdateTooLarge } });
      expect(relayed).toBe(0);
    });

    it('rate-limits a flood, storing only what it acks, and the page stays healthy', async () => {
      const doc = new Y.Doc();
      const acks: UpdateAck[] = [];
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 100; i++) doc.getText('t').insert(doc.getText('t').length, `${i % 10}`);
      acks.push(...(await Promise.all(updates.map((update) => call<UpdateAck>(socket, ClientEvent.Update, { pageId, update })))));
      const refused = acks.filter((a) => !a.ok);
      expect(refused.length).toBeGreaterThan(0);
      // The first refusal is the rate limit; an update after a refused one starts past what the
      // page holds of this client, so it is a gap (the provider re-handshakes on either).
      expect(refused[0]).toMatchObject({ ok: false, error: { code: CollabErrorCode.RateLimited } });
      expect(refused.every((a) => !a.ok && (a.error.code === CollabErrorCode.RateLimited || a.error.code === CollabErrorCode.UpdateGap))).toBe(true);
      const accepted = acks.filter((a) => a.ok).length;
      // The burst (20) minus what earlier tests of this socket took, plus the refill meanwhile.
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(100);
      // The others got exactly the accepted ones (refused updates were never relayed)...
      await waitUntil('relays arrive', async () => relayed >= accepted);
      expect(relayed).toBe(accepted);
      // ...and the page still works for everyone.
      watcher.insert(0, 'ok ');
      await savedAll(watcher);
      expect(watcher.provider.synced).toBe(true);
    });

    it('refuses joining more pages than the per-socket limit', async () => {
      const results: JoinAck[] = [];
      for (let i = 0; i < 3; i++) {
        const another = await addPage(prisma, workspaceId);
        results.push(await call<JoinAck>(socket, ClientEvent.Join, { pageId: another, stateVector: Y.encodeStateVector(new Y.Doc()) }));
      }
      // The socket already had one page: two more fit, the third is refused.
      expect(results.map((r) => r.ok)).toEqual([true, true, false]);
      expect(results[2]).toMatchObject({ ok: false, error: { code: CollabErrorCode.TooManyPages } });
    });

    it('rate-limits joins per socket (each is a handshake that reads the page), keeping the connection', async () => {
      const joiner = await rawSocket(owner);
      const join = () => call<JoinAck>(joiner, ClientEvent.Join, { pageId, stateVector: Y.encodeStateVector(new Y.Doc()) });
      // Sent at once: COLLAB_JOIN_BURST = 30 pass, the rest (bar what 5/s refills meanwhile) are refused.
      const results = await Promise.all(Array.from({ length: 45 }, join));
      const limited = results.filter((r) => !r.ok);
      expect(results.slice(0, 30).every((r) => r.ok)).toBe(true);
      expect(limited.length).toBeGreaterThanOrEqual(10);
      for (const r of limited) expect(r).toMatchObject({ ok: false, error: { code: CollabErrorCode.RateLimited } });
      expect(joiner.connected).toBe(true);
    });

    it('answers malformed awareness with an error event and keeps the connection', async () => {
      const error = new Promise<{ code: string }>((resolve) => socket.once(ServerEvent.Error, resolve));
      socket.emit(ClientEvent.Awareness, { pageId, update: randomBytes(16) });
      expect((await error).code).toBe(CollabErrorCode.InvalidUpdate);
      expect(socket.connected).toBe(true);
    });
  });
});

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}
