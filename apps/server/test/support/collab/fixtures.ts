import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { CollabConnection, CollabProvider, type TokenSource } from '@tandem/collab-client';
import { freePort, TandemStack, waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { PrismaClient } from '../../../src/generated/prisma/client.js';

// Fixtures for the collaboration suites: real accounts through the REST API (signup, socket
// token), workspaces/pages/shares written directly (the REST side is another module), clients
// that are the real provider in Node.

export const TEXT = 't';

export function suitePrefix(): string {
  // Each suite gets its own Redis namespace: its own streams, queue and channels, so another
  // suite's worker can never pick up (or trim) this suite's pages.
  return `tandem-test-collab-${randomBytes(4).toString('hex')}`;
}

export function collabEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_PREFIX: suitePrefix(),
    AUTH_MAX_ATTEMPTS_PER_IP: '100000',
    PERSIST_INTERVAL_MS: '300',
    ...extra,
  };
}

export function prismaClient(url = process.env.DATABASE_URL!): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  session: string;
}

export async function signUp(baseUrl: string, name = 'Tester'): Promise<TestUser> {
  const email = `collab-${randomUUID()}@example.test`;
  const res = await fetch(`${baseUrl}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name, password: 'correct horse battery staple' }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; token: string };
  return { id: body.user.id, email, name, session: body.token };
}

export async function socketToken(baseUrl: string, session: string | null, shareToken?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/socket-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) },
    body: JSON.stringify(shareToken ? { shareToken } : {}),
  });
  if (!res.ok) throw new Error(`socket-token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

// A REST call as `user` (Bearer session), e.g. sharing a page through the real sharing API.
export async function api(baseUrl: string, user: TestUser, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${user.session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// The same call, expecting `status` (200 unless said), answering the parsed JSON body (if any).
export async function apiJson<T>(baseUrl: string, user: TestUser, method: string, path: string, body?: unknown, status = 200): Promise<T> {
  const res = await api(baseUrl, user, method, path, body);
  const text = await res.text();
  if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function workspaceWithPage(prisma: PrismaClient, owner: TestUser): Promise<{ workspaceId: string; pageId: string }> {
  const workspace = await prisma.workspace.create({ data: { name: 'Collab', members: { create: { userId: owner.id, role: 'owner' } } } });
  const page = await prisma.page.create({ data: { workspaceId: workspace.id, title: 'Doc', position: 'a0', createdById: owner.id } });
  return { workspaceId: workspace.id, pageId: page.id };
}

// A valid fractional-index key ("a" + an integer digit, then a fraction): a fraction may not end in
// "0", or the next page created through the API after it fails on the invalid key (it did, 1 in 16).
function randomPosition(): string {
  const key = `a${randomBytes(3).toString('hex')}`.replace(/0+$/, '');
  return key.length >= 2 ? key : 'a0';
}

// A page with its empty document row, as POST /workspaces/:id/pages makes it.
export async function addPage(prisma: PrismaClient, workspaceId: string): Promise<string> {
  const empty = new Y.Doc();
  const document = { state: Buffer.from(Y.encodeStateAsUpdate(empty)), stateVector: Buffer.from(Y.encodeStateVector(empty)) };
  const page = await prisma.page.create({
    data: { workspaceId, title: 'Another', position: randomPosition(), document: { create: { ...document, size: document.state.byteLength } } },
  });
  return page.id;
}

export async function addMember(prisma: PrismaClient, workspaceId: string, user: TestUser, role: 'member' | 'guest'): Promise<void> {
  await prisma.workspaceMember.create({ data: { workspaceId, userId: user.id, role } });
}

export async function shareLink(prisma: PrismaClient, pageId: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await prisma.shareLink.create({ data: { pageId, tokenHash: createHash('sha256').update(token).digest('hex'), role: 'viewer' } });
  return token;
}

export interface Client {
  doc: Y.Doc;
  provider: CollabProvider;
  connection: CollabConnection;
  errors: { code: string; message: string }[];
  text(): string;
  insert(index: number, text: string): void;
  close(): void;
}

export function openClient(url: string, token: TokenSource, pageId: string, options: { connection?: CollabConnection; retryDelayMs?: number; listed?: boolean } = {}): Client {
  const doc = new Y.Doc();
  const connection = options.connection ?? new CollabConnection({ url, token });
  const provider = new CollabProvider({ connection, pageId, doc, retryDelayMs: options.retryDelayMs, listed: options.listed });
  const errors: Client['errors'] = [];
  provider.on('error', (e) => errors.push(e));
  return {
    doc,
    provider,
    connection,
    errors,
    text: () => doc.getText(TEXT).toString(),
    insert: (index, text) => doc.getText(TEXT).insert(Math.min(index, doc.getText(TEXT).length), text),
    close: () => {
      provider.destroy();
      if (!options.connection) connection.destroy();
      doc.destroy();
    },
  };
}

export async function synced(...clients: Client[]): Promise<void> {
  await waitUntil('clients synced', async () => clients.every((c) => c.provider.synced), 20_000);
}

export async function savedAll(...clients: Client[]): Promise<void> {
  await waitUntil('clients saved', async () => clients.every((c) => c.provider.saved && c.provider.pending === 0), 30_000);
}

// Resolves once the server has acknowledged every local update of `c` (no polling: each keystroke
// of a test that wants one stored update per keystroke waits for this, as the provider sends the
// keystrokes made while one is unacknowledged as one update).
export function acked(c: Client): Promise<void> {
  return new Promise((resolve) => {
    if (c.provider.pending === 0) return resolve();
    const onPending = (n: number) => {
      if (n > 0) return;
      c.provider.off('pending', onPending);
      resolve();
    };
    c.provider.on('pending', onPending);
  });
}

export async function converged(clients: Client[], timeoutMs = 20_000): Promise<string> {
  await waitUntil('clients converged', async () => clients.every((c) => c.text() === clients[0]!.text()), timeoutMs);
  return clients[0]!.text();
}

// The page's persisted text: the Document row's state, decoded.
export async function persistedText(prisma: PrismaClient, pageId: string): Promise<string | null> {
  const row = await prisma.document.findUnique({ where: { pageId } });
  if (!row) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.state);
  const text = doc.getText(TEXT).toString();
  doc.destroy();
  return text;
}

export async function startStack(env: Record<string, string>, options: { worker?: boolean } = {}): Promise<TandemStack> {
  return new TandemStack({ env, worker: options.worker }).start();
}

export function randomWord(rng: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let w = '';
  const n = 1 + Math.floor(rng() * 5);
  for (let i = 0; i < n; i++) w += letters[Math.floor(rng() * letters.length)];
  return w;
}

// Deterministic randomness, so a failing run can be replayed.
export { seededRandom } from '@tandem/testkit';

// The set-up every collaboration suite shares: a running stack, a Prisma client, a signed-up owner
// with a workspace, and every client a test opened, all closed together after the suite.
export class CollabWorld {
  readonly clients: Client[] = [];

  private constructor(
    readonly stack: TandemStack,
    readonly prisma: PrismaClient,
    readonly owner: TestUser,
    readonly workspaceId: string,
  ) {}

  // `env.DATABASE_URL` (e.g. a scratch database) is used by the processes and this Prisma client alike,
  // unless `prismaUrl` says otherwise (a suite that puts a cuttable proxy in front of the processes
  // keeps its own client on the direct connection, to read what reached Postgres while it is "down").
  static async open(
    env: Record<string, string>,
    options: { worker?: boolean; servers?: number; workers?: number; ownerName?: string; prismaUrl?: string } = {},
  ): Promise<CollabWorld> {
    const stack = await startStack(env, { worker: options.worker });
    for (let i = 1; i < (options.servers ?? 1); i++) await stack.addServer();
    for (let i = 1; i < (options.workers ?? 1); i++) stack.addWorker();
    const prisma = prismaClient(options.prismaUrl ?? env.DATABASE_URL);
    const owner = await signUp(stack.serverUrl, options.ownerName ?? 'Ada');
    const { workspaceId } = await workspaceWithPage(prisma, owner);
    return new CollabWorld(stack, prisma, owner, workspaceId);
  }

  serverUrl(index = 0): string {
    return `http://127.0.0.1:${this.stack.serverPorts[index]}`;
  }

  // A provider on `pageId` for `user` (default: the owner; null with a share token: a link reader),
  // connected to server `server`.
  async client(pageId: string, options: { user?: TestUser | null; shareToken?: string; server?: number; retryDelayMs?: number; listed?: boolean } = {}): Promise<Client> {
    const url = this.serverUrl(options.server);
    const user = options.user === undefined ? this.owner : options.user;
    // Socket tokens are single-use: every (re)connect asks for a fresh one, as the web app does.
    const token = await socketToken(url, user?.session ?? null, options.shareToken);
    let first: string | null = token;
    const tokens = () => (first ? Promise.resolve(first).finally(() => (first = null)) : socketToken(url, user?.session ?? null, options.shareToken));
    const c = openClient(url, tokens, pageId, { retryDelayMs: options.retryDelayMs, listed: options.listed });
    this.clients.push(c);
    return c;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    try {
      await this.stack.stop();
    } finally {
      await this.prisma.$disconnect();
    }
  }
}

// A client keeps editing (`edit(n)` every 40 ms) while the world's worker is SIGKILLed `kills`
// times, each after `pause()` ms, and started again 200–800 ms later; the edits stop 2 s after the
// last start. The caller then waits for everything to be saved and checks what was written.
export async function editWhileKillingWorker(world: CollabWorld, rng: () => number, kills: number, pause: () => number, edit: (n: number) => void): Promise<void> {
  let editing = true;
  const edits = (async () => {
    for (let n = 0; editing; n++) {
      edit(n);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  })();
  for (let kill = 0; kill < kills; kill++) {
    await new Promise((resolve) => setTimeout(resolve, pause()));
    await world.stack.worker!.kill9();
    await new Promise((resolve) => setTimeout(resolve, 200 + rng() * 600));
    world.stack.worker!.start();
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  editing = false;
  await edits;
}

const WORKER_METRICS_TOKEN = 'metrics-token-of-the-collab-suites-worker';

// A worker that serves /metrics (its `env` goes into the world's), and a reader of one counter as
// the worker counts it: `counter('tandem_persist_merges_total', 'document="kept"')`, 0 before the
// counter's first increment.
export async function workerMetrics(): Promise<{ env: Record<string, string>; counter(name: string, labels: string): Promise<number> }> {
  const port = await freePort();
  return {
    env: { METRICS_TOKEN: WORKER_METRICS_TOKEN, WORKER_METRICS_PORT: String(port) },
    counter: async (name, labels) => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${WORKER_METRICS_TOKEN}` } });
      const m = new RegExp(`^${name}${labels ? `\\{${labels}\\}` : ''} (\\S+)$`, 'm').exec(await res.text());
      return m ? Number(m[1]) : 0;
    },
  };
}
