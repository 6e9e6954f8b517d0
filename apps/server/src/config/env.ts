import { z } from 'zod';

// Every variable the server and worker read, validated once at start. A missing or malformed one
// stops the process with a message naming it (see .env.example for what each does).
const urlWithProtocol = (name: string, protocols: string[]) =>
  z
    .string({ error: `${name} is required` })
    .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
      error: `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

const origins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
  .refine((list) => list.every((o) => URL.canParse(o)), { error: 'must be a comma-separated list of origins' });

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  DATABASE_URL: urlWithProtocol('DATABASE_URL', ['postgres:', 'postgresql:']),
  REDIS_URL: urlWithProtocol('REDIS_URL', ['redis:', 'rediss:']),
  // Namespaces every Redis key, BullMQ queue and pub/sub channel, so environments can share a server.
  REDIS_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes').default('tandem'),
  // Redis Cluster (issue 20): true makes REDIS_URL one seed node of a cluster (its user, password
  // and TLS apply to every node; no database number: a cluster has only 0); REDIS_CLUSTER_NODES
  // adds seeds (host:port,...) so a start does not depend on one node. Unset: one Redis, as before.
  REDIS_CLUSTER: z.stringbool().default(false),
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((v) => v.split(',').map((n) => n.trim()).filter(Boolean))
    .refine((list) => list.every((n) => /^[^\s:/]+:\d{1,5}$/.test(n)), { error: 'must be a comma-separated list of host:port' })
    .default([]),
  WEB_ORIGIN: origins.default(['http://localhost:3000']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),
  // Real-time collaboration limits (per socket / per update; see .env.example).
  COLLAB_MAX_UPDATE_BYTES: z.coerce.number().int().min(1024).default(512 * 1024),
  COLLAB_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  // A database page holds its rows' cells (≈600 bytes a row of 12 properties): 50,000 rows need
  // about 30 MB, so databases get their own, larger limit.
  COLLAB_MAX_DATABASE_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  // REST row writes and CSV exports keep recently read database documents on the API process, up
  // to this many bytes of encoded state per process, and bring them up to date from the stream
  // instead of re-applying the whole state (0: off). In memory a document takes ~16× its encoded
  // size (a 10,000-row database: 5.7 MB encoded, ~92 MB of heap), so the default, which holds two
  // such databases, costs up to ~250 MB.
  DATABASE_DOCUMENT_CACHE_BYTES: z.coerce.number().int().min(0).default(16 * 1024 * 1024),
  COLLAB_UPDATES_PER_SECOND: z.coerce.number().positive().default(200),
  COLLAB_UPDATE_BURST: z.coerce.number().int().min(1).default(400),
  COLLAB_MAX_PAGES_PER_SOCKET: z.coerce.number().int().min(1).default(100),
  // Joins (each a handshake that reads and encodes the page) per socket: a steady rate with room
  // for a reconnecting tab to re-join all its pages at once.
  COLLAB_JOINS_PER_SECOND: z.coerce.number().positive().default(5),
  COLLAB_JOIN_BURST: z.coerce.number().int().min(1).default(30),
  COLLAB_MAX_AWARENESS_BYTES: z.coerce.number().int().min(256).default(16 * 1024),
  // Awareness client ids one socket may announce in one page (a tab has one; a few spare for reloads).
  COLLAB_MAX_AWARENESS_CLIENTS: z.coerce.number().int().min(1).default(4),
  // Threads that merge a page's stream entries for joins off the event loop (default min(2, cores)),
  // and how many merges may wait before joins are refused retryably.
  COLLAB_MERGE_THREADS: z.coerce.number().int().min(1).max(16).optional(),
  COLLAB_MERGE_QUEUE: z.coerce.number().int().min(1).default(64),
  // Each merge thread merges a synthetic page at start (~0.5 s of one core), so a deploy's first
  // cold joins do not pay V8 compiling Yjs (merge-warmup.ts). Off only where processes start by the
  // dozen and joins are small: the test suites.
  COLLAB_MERGE_WARMUP: z.stringbool().default(true),
  // How often each server re-checks its sockets' sessions and page roles (pub/sub may lose a message).
  // A page's un-persisted stream backlog (per server instance) above which updates are refused, retryably.
  COLLAB_MAX_BACKLOG_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  COLLAB_ACCESS_RECHECK_MS: z.coerce.number().int().min(200).default(30_000),
  // Document persistence: at most one persist per page per interval; stream entries are trimmed
  // only once persisted and older than the margin; automatic versions every N updates or M seconds.
  PERSIST_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  PERSIST_TRIM_MARGIN_MS: z.coerce.number().int().min(0).default(60_000),
  // How often the worker sweeps page streams: quiet pages' persisted entries, deleted pages' streams.
  STREAM_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  // How often the worker merges the search index's pending entries into the index (0: never; the
  // writer that fills the pending list then pays for it, see jobs/search-index-flusher.ts).
  SEARCH_INDEX_FLUSH_MS: z.coerce.number().int().min(0).default(1000),
  // Audit log entries older than this many days are deleted by the worker (0: kept forever),
  // checked every AUDIT_PRUNE_INTERVAL_MS.
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(365),
  AUDIT_PRUNE_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  // Pages in the trash longer than this many days are deleted for good by the worker (0: kept until
  // an admin deletes them), checked every TRASH_EMPTY_INTERVAL_MS.
  TRASH_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  TRASH_EMPTY_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  SNAPSHOT_EVERY_UPDATES: z.coerce.number().int().min(1).default(500),
  SNAPSHOT_EVERY_SECONDS: z.coerce.number().int().min(1).default(600),
  SNAPSHOT_RETENTION: z.coerce.number().int().min(1).default(50),
  // Version preview, compare and restore of a page this big (bytes of its state and updates) or
  // bigger run in a worker thread, off the gateway's event loop; smaller ones inline (a few ms).
  HISTORY_WORKER_MIN_BYTES: z.coerce.number().int().min(0).default(256 * 1024),
  // Comments: each person may open threads and reply this many times per window (then 429).
  COMMENT_RATE_MAX: z.coerce.number().int().min(1).default(60),
  COMMENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // @mentions in a page's text: calls of POST /pages/:id/mentions per person per window (then 429).
  PAGE_MENTION_RATE_MAX: z.coerce.number().int().min(1).default(30),
  PAGE_MENTION_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // Mention emails wait this long after the first unmailed mention, so one mail covers a burst and
  // mentions read in the app meanwhile are not mailed at all.
  MENTION_MAIL_DELAY_MS: z.coerce.number().int().min(0).default(5 * 60_000),
  // Jobs the worker holds at once per queue; the persist jobs among them are written as batches. A
  // persist job holds its slot for its batch's round trips (Postgres and Redis), not for CPU, so
  // the slots bound how many pages are written per second: 64 let 134 jobs wait under W2's load
  // while the worker was 77 % idle (docs/BENCHMARKS.md, search session 10).
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(256),
  // The worker keeps a database page's merged document for its projection and its next persist, up
  // to this many bytes of persisted state (a document in memory takes ~7-11x its state); 0 turns it
  // off (each persist and projection then reads the state from Postgres and applies it).
  PROJECTION_DOC_CACHE_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
  PERSIST_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(50),
  // Markdown imports (POST /workspaces/:id/pages with Markdown content) parse in a bounded thread
  // pool: threads, requests waiting for one (more are answered 503 at once), the time limit per
  // import (queueing included) and each thread's heap.
  MARKDOWN_IMPORT_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  MARKDOWN_IMPORT_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
  MARKDOWN_IMPORT_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  MARKDOWN_IMPORT_MEMORY_MB: z.coerce.number().int().min(32).max(4096).default(256),
  // Accounts: how long a session lives without logging in again, and the sign-in rate limits.
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SOCKET_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
  AUTH_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  AUTH_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(200),
  AUTH_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  // scrypt's work factor as log2(N) (r=8, p=1): 17 is OWASP's guidance; lower only for test runs.
  // Raising it re-hashes each password at its owner's next log-in.
  AUTH_PASSWORD_COST: z.coerce.number().int().min(12).max(20).default(17),
  // Client addresses: the web app's /api proxy sends the address it saw in X-Tandem-Client-IP with
  // this shared secret (set the same value on the web app); without the secret the header is
  // ignored and the address comes from the socket, through TRUST_PROXY_HOPS proxies of X-Forwarded-For.
  TANDEM_PROXY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  // Swagger UI at /docs and the OpenAPI document at /docs-json. Unset: on, except with
  // NODE_ENV=production where the app is not served on localhost (a laptop's `npm start`).
  API_DOCS: z.stringbool().optional(),
  // Email: with no SMTP_URL, mails go to the log and the development outbox (GET /dev/outbox).
  SMTP_URL: urlWithProtocol('SMTP_URL', ['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Tandem <no-reply@localhost>'),
  // Where links in mails point (the web app); defaults to the first WEB_ORIGIN.
  APP_URL: urlWithProtocol('APP_URL', ['http:', 'https:']).optional(),
  EMAIL_VERIFY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(48),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  // Prometheus metrics: GET /metrics on the server (and on the worker's WORKER_METRICS_PORT) answers
  // only with `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics answers 404.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // With tracing on: the share of edits (collab.update, and the persist work they queue) and of the
  // worker's persist batches that are traced, 0..1. Every join, request and other job is traced.
  TRACE_UPDATE_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(0.1),
  // File storage (issue 16): `local` keeps uploads under STORAGE_LOCAL_DIR (relative to the process'
  // working directory); `s3` in a bucket of any S3-compatible service (AWS, R2, MinIO, Railway).
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_LOCAL_DIR: z.string().min(1).default('./data/files'),
  STORAGE_S3_BUCKET: z.string().min(3).optional(),
  STORAGE_S3_REGION: z.string().min(1).default('us-east-1'),
  // A non-AWS service's URL (R2, MinIO, …); unset for AWS itself.
  STORAGE_S3_ENDPOINT: urlWithProtocol('STORAGE_S3_ENDPOINT', ['http:', 'https:']).optional(),
  STORAGE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  STORAGE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Bucket in the path (MinIO and most self-hosted services) instead of the host name.
  STORAGE_S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  // Limits: bytes per file, bytes of all files of one workspace, uploads per person per minute.
  STORAGE_MAX_FILE_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  STORAGE_MAX_WORKSPACE_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024 * 1024),
  STORAGE_UPLOADS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  // Orphaned files (no longer in their page nor in any of its versions, or whose page is deleted)
  // are deleted once older than the grace period, by a worker job every sweep interval.
  STORAGE_ORPHAN_GRACE_MINUTES: z.coerce.number().int().min(0).default(24 * 60),
  STORAGE_ORPHAN_SWEEP_MS: z.coerce.number().int().min(1000).default(60 * 60 * 1000),
  // Imports (a Markdown file or a zip of them): the upload's size, and the zip's entries, unpacked
  // bytes and pages (a zip bomb is refused before anything is created).
  IMPORT_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  IMPORT_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  IMPORT_MAX_UNPACKED_BYTES: z.coerce.number().int().min(1024).default(512 * 1024 * 1024),
  IMPORT_MAX_PAGES: z.coerce.number().int().min(1).default(2_000),
  // A finished export's file is kept this many days (0: kept forever), then its download answers
  // 410 and the worker's sweep (every EXPORT_SWEEP_INTERVAL_MS) deletes it from storage.
  EXPORT_RETENTION_DAYS: z.coerce.number().int().min(0).default(7),
  EXPORT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  // Bookmark previews (fetched by the server from public addresses only): previews per person per
  // minute, the whole fetch's time limit (DNS, redirects and body), and the bytes of HTML read.
  LINK_PREVIEWS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LINK_PREVIEW_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
  LINK_PREVIEW_MAX_BYTES: z.coerce.number().int().min(1024).max(5 * 1024 * 1024).default(512 * 1024),
}).superRefine((env, ctx) => {
  if (env.REDIS_CLUSTER && URL.canParse(env.REDIS_URL) && !['', '/', '/0'].includes(new URL(env.REDIS_URL).pathname)) {
    ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'REDIS_URL must name no database (or 0) with REDIS_CLUSTER=true: a cluster has only database 0' });
  }
  if (!env.REDIS_CLUSTER && env.REDIS_CLUSTER_NODES.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['REDIS_CLUSTER_NODES'], message: 'REDIS_CLUSTER_NODES needs REDIS_CLUSTER=true' });
  }
  if (env.STORAGE_DRIVER === 's3' && !env.STORAGE_S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['STORAGE_S3_BUCKET'], message: 'STORAGE_S3_BUCKET is required when STORAGE_DRIVER=s3' });
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new EnvError(
    parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    }),
  );
}

// Injection token for the validated environment: `constructor(private readonly config: AppConfig)`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AppConfig extends Env {}
