import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AuthResponse, PageView, SearchResponse, WorkspaceView } from '@tandem/protocol';
import { repoRoot, TandemStack } from '@tandem/testkit';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import * as Y from 'yjs';
import { BENCH_DATABASE_URL, BENCH_REDIS_PREFIX, BENCH_REDIS_URL, BenchDatabase, type DatabaseCounters } from '../db.js';
import { connectTandem, postJson, socketToken, type ClientSpec } from './clients.js';
import type { BenchClient, Persistence, Target } from './target.js';

class TandemPersistence implements Persistence {
  constructor(private readonly db: BenchDatabase) {}

  // As if the worker had persisted this state earlier (nothing after it in the stream).
  async seed(page: string, state: Uint8Array): Promise<void> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    await this.db.query(
      `INSERT INTO "Document" ("pageId", "state", "stateVector", "size", "updatedAt") VALUES ($1, $2, $3, $4, now())
       ON CONFLICT ("pageId") DO UPDATE SET "state" = EXCLUDED."state", "stateVector" = EXCLUDED."stateVector", "size" = EXCLUDED."size", "updatedAt" = now()`,
      [page, Buffer.from(state), Buffer.from(Y.encodeStateVector(doc)), state.length],
    );
    doc.destroy();
  }

  async stateVectors(pages: readonly string[]): Promise<Map<string, Uint8Array>> {
    const { rows } = await this.db.query<{ pageId: string; stateVector: Buffer }>(
      'SELECT "pageId", "stateVector" FROM "Document" WHERE "pageId" = ANY($1::uuid[])',
      [pages],
    );
    return new Map(rows.map((r) => [r.pageId, new Uint8Array(r.stateVector)]));
  }

  async state(page: string): Promise<Uint8Array | null> {
    const { rows } = await this.db.query<{ state: Buffer }>('SELECT "state" FROM "Document" WHERE "pageId" = $1', [page]);
    return rows[0] ? new Uint8Array(rows[0].state) : null;
  }

  counters(): Promise<DatabaseCounters> {
    return this.db.counters();
  }
}

// Tandem as deployed: the API + gateway process and the worker, on the bench's own Postgres
// database and Redis namespace. One account owns a workspace whose pages the clients edit, each
// client on its own Socket.IO connection through @tandem/collab-client.
export class TandemTarget implements Target {
  readonly name = 'tandem';
  readonly servesState = true;
  private stack?: TandemStack;
  private db?: BenchDatabase;
  private session = '';
  private userId = '';
  private workspaceId = '';
  // Errors the providers reported after their first sync, by code: a refused update is a result.
  readonly errors = new Map<string, number>();
  persistence?: Persistence;

  // `web`: the Next.js web app too (the browser workload, `table`).
  constructor(
    private readonly env: Record<string, string> = {},
    private readonly options: { web?: boolean } = {},
  ) {}

  async start(): Promise<void> {
    const migrated = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'db-migrate.mjs')], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: BENCH_DATABASE_URL },
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`migrating ${BENCH_DATABASE_URL} failed:\n${migrated.stdout}${migrated.stderr}`);
    this.stack = new TandemStack({
      web: this.options.web,
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: BENCH_DATABASE_URL,
        REDIS_URL: BENCH_REDIS_URL,
        REDIS_PREFIX: BENCH_REDIS_PREFIX,
        // The per-socket update rate limit protects a deployment from floods; the other targets
        // have none, and W2's ramp and W5's replay are deliberate floods, so it is lifted here.
        COLLAB_UPDATES_PER_SECOND: '1000000',
        COLLAB_UPDATE_BURST: '1000000',
        // As deployed (the test stacks turn it off): W6's first joins need the warmed merge threads.
        COLLAB_MERGE_WARMUP: 'true',
        ...this.env,
      },
    });
    await this.stack.start();
    this.db = new BenchDatabase(new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: 2 }));
    this.persistence = new TandemPersistence(this.db);
    const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@bench.tandem.local`;
    const auth = await this.api<AuthResponse>('/auth/signup', { email, name: 'Bench', password: 'bench-password-123' });
    this.session = auth.token;
    this.userId = auth.user.id;
    this.workspaceId = (await this.api<WorkspaceView>('/workspaces', { name: 'Bench' })).id;
  }

  async stop(): Promise<void> {
    if (this.errors.size) console.log(`  tandem provider errors: ${JSON.stringify(Object.fromEntries(this.errors))}`);
    if (this.stack) for (const p of [...this.stack.servers, this.stack.worker]) if (p?.recentOutput().trim()) console.log(`  ${p.name} output:\n${p.recentOutput().slice(-1500)}`);
    await this.stack?.stop();
    await this.db?.end();
  }

  serverPids(): number[] {
    return [...this.socketPids(), ...(this.stack?.worker?.pid ? [this.stack.worker.pid] : [])];
  }

  workerPid(): number | null {
    return this.stack?.worker?.pid ?? null;
  }

  socketPids(): number[] {
    return this.stack?.servers.flatMap((s) => (s.pid ? [s.pid] : [])) ?? [];
  }

  async newPage(kind: 'page' | 'database' = 'page'): Promise<string> {
    return (await this.api<PageView>(`/workspaces/${this.workspaceId}/pages`, { title: 'Bench page', ...(kind === 'page' ? {} : { kind }) })).id;
  }

  connect(page: string, doc: Y.Doc): Promise<BenchClient> {
    return connectTandem(this.stack!.serverUrl, () => this.token(), page, doc, (code) => this.errors.set(code, (this.errors.get(code) ?? 0) + 1));
  }

  clientSpec(): ClientSpec {
    return { kind: 'tandem', ...this.credentials() };
  }

  // Edits waiting in the page's Redis stream as a burst of clients would have left them, before the
  // worker read them (it runs, but its next persist comes after the join that W6 times).
  async burst(page: string, updates: readonly Uint8Array[]): Promise<void> {
    const redis = this.env.REDIS_CLUSTER === 'true' ? new Cluster(this.env.REDIS_CLUSTER_NODES!.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) }))) : new Redis(BENCH_REDIS_URL);
    try {
      const key = `${BENCH_REDIS_PREFIX}:{page:${page}}:updates`;
      for (let i = 0; i < updates.length; i += 5_000) {
        const pipeline = redis.pipeline();
        for (const u of updates.slice(i, i + 5_000)) pipeline.xadd(key, '*', 'u', Buffer.from(u));
        await pipeline.exec();
      }
    } finally {
      redis.disconnect();
    }
  }

  // The worker trims only entries persisted longer ago than its margin (60 s): a W5 replay's are all here.
  async streamEntries(page: string): Promise<number> {
    const redis = this.env.REDIS_CLUSTER === 'true' ? new Cluster(this.env.REDIS_CLUSTER_NODES!.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) }))) : new Redis(BENCH_REDIS_URL);
    try {
      return await redis.xlen(`${BENCH_REDIS_PREFIX}:{page:${page}}:updates`);
    } finally {
      redis.disconnect();
    }
  }

  // W6 through a writer: the worker stopped, so what the writer sends stays in the stream.
  async pauseSaving(): Promise<void> {
    await this.stack!.worker!.stop();
  }

  resumeSaving(): void {
    this.stack!.worker!.start();
  }

  // For the recovery workload: the worker dies as a crash would leave it, and a new one starts.
  async killWorker(): Promise<void> {
    await this.stack!.worker!.kill9();
  }

  startWorker(): void {
    this.stack!.worker!.start();
  }

  // Socket tokens are single-use: every connect (and reconnect) asks for its own, as the web app does.
  private token(): Promise<string> {
    return socketToken(this.stack!.serverUrl, this.session);
  }

  // For the search workload: the bench database, the workspace, a guest and searches.
  database(): BenchDatabase {
    return this.db!;
  }

  // What a client on another thread needs to connect as the bench's account (it asks
  // /auth/socket-token for each connect itself).
  credentials(): { serverUrl: string; session: string } {
    return { serverUrl: this.stack!.serverUrl, session: this.session };
  }

  // The account the bench acts as (the owner of its workspace).
  user(): string {
    return this.userId;
  }

  webUrl(): string {
    if (!this.stack?.web) throw new Error('this Tandem target runs without the web app');
    return this.stack.webUrl;
  }

  workspace(): string {
    return this.workspaceId;
  }

  // Makes this run's account an owner of a workspace an earlier run seeded, and uses it from now on
  // (BENCH_SEARCH_WORKSPACE: repeating the search workload without seeding 100,000 pages again).
  async adoptWorkspace(workspaceId: string): Promise<void> {
    await this.db!.query(`INSERT INTO "WorkspaceMember" ("workspaceId", "userId", role) VALUES ($1, $2, 'owner')`, [workspaceId, this.userId]);
    this.workspaceId = workspaceId;
  }

  // A new workspace of this run's account, used from now on (a workload that counts every page of
  // its workspace, apart from the pages other workloads made).
  async newWorkspace(name: string): Promise<void> {
    this.workspaceId = (await this.api<WorkspaceView>('/workspaces', { name })).id;
  }

  // A guest of the workspace with the given pages shared with them; answers their session token.
  async addGuest(sharedPageIds: readonly string[]): Promise<string> {
    const email = `bench-guest-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@bench.tandem.local`;
    const res = await fetch(`${this.stack!.serverUrl}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, name: 'Bench guest', password: 'bench-password-123' }),
    });
    if (!res.ok) throw new Error(`guest signup: ${res.status} ${await res.text()}`);
    const guest = (await res.json()) as AuthResponse;
    await this.db!.query(`INSERT INTO "WorkspaceMember" ("workspaceId", "userId", role) VALUES ($1, $2, 'guest')`, [this.workspaceId, guest.user.id]);
    await this.db!.query(
      `INSERT INTO "PageShare" (id, "pageId", "userId", role) SELECT gen_random_uuid(), p, $2, 'viewer' FROM unnest($1::uuid[]) AS p`,
      [sharedPageIds, guest.user.id],
    );
    return guest.token;
  }

  async search(query: Record<string, string>, session: string | null = null): Promise<SearchResponse> {
    const res = await fetch(`${this.stack!.serverUrl}/workspaces/${this.workspaceId}/search?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${session ?? this.session}` },
    });
    if (!res.ok) throw new Error(`search ${JSON.stringify(query)}: ${res.status} ${await res.text()}`);
    return (await res.json()) as SearchResponse;
  }

  // Any API call as the bench's owner (or the session given); throws on a non-2xx answer.
  async request(method: string, path: string, body?: unknown, session: string | null = null): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.stack!.serverUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${session ?? this.session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, text };
  }

  // For the transfers workload: a multipart POST as the bench's owner (an import's upload).
  async upload<T>(path: string, form: FormData): Promise<T> {
    const res = await fetch(`${this.stack!.serverUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${this.session}` }, body: form });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  async download(path: string): Promise<Buffer> {
    const res = await fetch(`${this.stack!.serverUrl}${path}`, { headers: { authorization: `Bearer ${this.session}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private api<T>(path: string, body: unknown): Promise<T> {
    return postJson<T>(this.stack!.serverUrl, path, body, this.session || null);
  }
}
