import { waitUntil } from '@tandem/testkit';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addPage, api, collabEnv, CollabWorld, persistedText, savedAll, synced } from './support/collab/fixtures.js';

// OpenTelemetry tracing (issue 19): a real server and worker export to an OTLP/HTTP receiver this
// suite runs on 127.0.0.1. A REST request continues the trace its traceparent names (what the web
// proxy forwards) down to Postgres; a socket edit makes join and update spans with the page id, and
// the worker's persist span joins the trace of the update that queued its job.

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  links?: { traceId: string; spanId: string }[];
}
interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
}

const value = (v: OtlpValue): string | number | boolean =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue ?? ''));

// A bare OTLP/HTTP (JSON) trace receiver: every span exported to it, flattened.
class Receiver {
  readonly spans: Span[] = [];
  readonly contentTypes = new Set<string>();
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.contentTypes.add(String(req.headers['content-type']));
        if (req.url === '/v1/traces') this.take(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private take(body: { resourceSpans?: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[] }): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = String(value(rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value ?? {}));
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            service,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind,
            attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, value(a.value)])),
            links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
          });
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const receiver = new Receiver();
let endpoint = '';

beforeAll(async () => {
  endpoint = await receiver.start();
});

afterAll(async () => {
  await receiver.stop();
});

describe('tracing', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    // Spans leave the batch processor every 100 ms instead of every 5 s; every edit is traced.
    world = await CollabWorld.open(collabEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', TRACE_UPDATE_SAMPLE_RATIO: '1' }));
  });

  afterAll(async () => {
    await world?.close();
  });

  it('a REST request continues the trace its traceparent names, down to its Postgres queries', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const res = await fetch(`${world.serverUrl()}/workspaces/${world.workspaceId}/members`, {
      headers: { authorization: `Bearer ${world.owner.session}`, traceparent: `00-${traceId}-${parentId}-01` },
    });
    expect(res.status).toBe(200);
    await waitUntil('the request span and a Postgres span', async () => {
      const trace = receiver.spans.filter((s) => s.traceId === traceId);
      return trace.some((s) => s.kind === 2) && trace.some((s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
    });
    const trace = receiver.spans.filter((s) => s.traceId === traceId);
    const root = trace.find((s) => s.kind === 2)!;
    // The server's HTTP span is a child of the caller's span, and names the route template.
    expect(root.service).toBe('tandem-server');
    expect(root.parentSpanId).toBe(parentId);
    expect(root.attributes['http.route']).toBe('/workspaces/:id/members');
    // Express' handler span is in it (instrumented although the server runs as ESM), and the
    // Postgres queries are its descendants.
    expect(trace.some((s) => s.name === 'request handler' && s.attributes['http.route'] === '/workspaces/:id/members')).toBe(true);
    expect(trace.filter((s) => s.name.startsWith('pg.query')).every((s) => s.service === 'tandem-server')).toBe(true);
    // Exported as OTLP/HTTP JSON.
    expect([...receiver.contentTypes]).toEqual(['application/json']);
  });

  it('a socket edit: join and update spans carry the page id; the persist span shares the trace of the update that queued it', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const client = await world.client(pageId);
    await synced(client);
    const secret = `tracing-content-${randomBytes(4).toString('hex')}`;
    client.insert(0, secret);
    await savedAll(client);

    await waitUntil('the persist span of the page', async () => receiver.spans.some((s) => s.name === 'persist.page' && s.attributes['tandem.page.id'] === pageId && s.attributes['tandem.persist.outcome'] === 'persisted'));
    const join = receiver.spans.find((s) => s.name === 'collab.join' && s.attributes['tandem.page.id'] === pageId);
    expect(join?.service).toBe('tandem-server');
    expect(join!.attributes['tandem.handshake.bytes']).toBeGreaterThan(0);
    const updates = receiver.spans.filter((s) => s.name === 'collab.update' && s.attributes['tandem.page.id'] === pageId);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const u of updates) expect(u.attributes['tandem.update.bytes']).toBeGreaterThan(0);

    // The worker's job span is a child of one of this page's update spans: the job data carried
    // the update's trace context through BullMQ.
    const persist = receiver.spans.find((s) => s.name === 'persist.page' && s.attributes['tandem.page.id'] === pageId && s.attributes['tandem.persist.outcome'] === 'persisted')!;
    expect(persist.service).toBe('tandem-worker');
    const parent = updates.find((u) => u.spanId === persist.parentSpanId);
    expect(parent).toBeDefined();
    expect(persist.traceId).toBe(parent!.traceId);
    expect(persist.attributes['tandem.persist.updates']).toBeGreaterThanOrEqual(1);

    // The batch that wrote it links to the job's span, and records sizes.
    const batch = receiver.spans.find((s) => s.name === 'persist.batch' && s.links.some((l) => l.spanId === persist.spanId));
    expect(batch?.service).toBe('tandem-worker');
    expect(batch!.attributes['tandem.persist.batch_pages']).toBeGreaterThanOrEqual(1);
    expect(batch!.attributes['tandem.persist.state_bytes']).toBeGreaterThan(0);

    // The update's XADD is traced (ioredis instrumentation) inside the update's trace.
    await waitUntil('the XADD span', async () => receiver.spans.some((s) => s.traceId === parent!.traceId && s.name.toLowerCase() === 'xadd'));
    // The worker's Postgres write is inside the batch's trace.
    await waitUntil('the batch write span', async () => receiver.spans.some((s) => s.traceId === batch!.traceId && s.service === 'tandem-worker' && /postgres|pg\./i.test(`${s.name} ${s.attributes['db.system'] ?? ''}`)));

    // No content in any span: neither the text nor anything near it.
    const exported = JSON.stringify(receiver.spans);
    expect(exported).not.toContain(secret);
    expect(exported).not.toContain(world.owner.session);
  });

  it('health probes and metric scrapes make no spans', async () => {
    const before = receiver.spans.length;
    await api(world.serverUrl(), world.owner, 'GET', '/health');
    await fetch(`${world.serverUrl()}/metrics`);
    const traceId = randomBytes(16).toString('hex');
    await fetch(`${world.serverUrl()}/health`, { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
    // A request made after them, as a marker that everything before it was exported.
    const marker = randomBytes(16).toString('hex');
    await fetch(`${world.serverUrl()}/workspaces/${world.workspaceId}/members`, {
      headers: { authorization: `Bearer ${world.owner.session}`, traceparent: `00-${marker}-${randomBytes(8).toString('hex')}-01` },
    });
    await waitUntil('the marker request', async () => receiver.spans.some((s) => s.traceId === marker && s.kind === 2));
    const fresh = receiver.spans.slice(before);
    expect(fresh.some((s) => s.traceId === traceId)).toBe(false);
    expect(fresh.some((s) => s.kind === 2 && /\/(health|metrics)/.test(String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? s.name)))).toBe(false);
  });
});

// TRACE_UPDATE_SAMPLE_RATIO=0: no edit or persist batch is traced. A dropped edit makes no span at
// all and runs with tracing suppressed (tracing.ts, inHotPathSpan): its XADD and PUBLISH, the
// persist job it queues and the worker's Postgres and Redis calls for it make no span either, not
// even a root one (pg's instrumentation traces a query with no parent span, so a batch run merely
// without a span, not suppressed, would export its statements as traces of their own). A join is
// still traced, with its Redis calls.
describe('tracing, edits sampled out', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', TRACE_UPDATE_SAMPLE_RATIO: '0' }));
  });

  afterAll(async () => {
    await world?.close();
  });

  it('an untraced edit and its persist make no span; the join is traced with its Redis calls', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const client = await world.client(pageId);
    await synced(client);
    await waitUntil('the join span', async () => receiver.spans.some((s) => s.name === 'collab.join' && s.attributes['tandem.page.id'] === pageId));
    const joined = receiver.spans.find((s) => s.name === 'collab.join' && s.attributes['tandem.page.id'] === pageId)!;
    await waitUntil("the join's Redis calls", async () => receiver.spans.some((s) => s.traceId === joined.traceId && s.attributes['db.system.name'] === 'redis'));

    const before = receiver.spans.length;
    const text = `untraced-${randomBytes(4).toString('hex')}`;
    client.insert(0, text);
    await savedAll(client);
    await waitUntil('the edit persisted', async () => (await persistedText(world.prisma, pageId))?.includes(text) ?? false, 20_000);
    const statement = (s: Span) => String(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? '');
    // The job the persist queued for the page's first version runs without a span of ours, so its
    // queries are still traced, as root spans (the version's INSERT … SELECT among them): once they are in, so is everything the worker did
    // before (and this proves its pg instrumentation is on). The server's, behind a marker request.
    await waitUntil("the version job's insert", async () => receiver.spans.slice(before).some((s) => s.service === 'tandem-worker' && /^\s*INSERT INTO ("public"\.)?"DocumentVersion"/.test(statement(s))));
    const marker = randomBytes(16).toString('hex');
    await fetch(`${world.serverUrl()}/workspaces/${world.workspaceId}/members`, {
      headers: { authorization: `Bearer ${world.owner.session}`, traceparent: `00-${marker}-${randomBytes(8).toString('hex')}-01` },
    });
    await waitUntil('the marker request', async () => receiver.spans.some((s) => s.traceId === marker && s.kind === 2));

    // The join's trace may still be growing (a publish it queued can be sent after the edit).
    const fresh = receiver.spans.slice(before).filter((s) => s.traceId !== marker && s.traceId !== joined.traceId);
    expect(fresh.filter((s) => ['collab.update', 'persist.page', 'persist.batch'].includes(s.name)).map((s) => s.name)).toEqual([]);
    // No Redis call of the edit's path made a span (the server's XADD and PUBLISH, the worker's
    // stream read), and neither did the persist batch's write.
    expect(fresh.filter((s) => s.attributes['db.system.name'] === 'redis' || s.attributes['db.system'] === 'redis').map((s) => `${s.service} ${s.name}`)).toEqual([]);
    expect(fresh.filter((s) => statement(s).startsWith('UPDATE "Document"')).map((s) => `${s.service} ${s.name}`)).toEqual([]);
  });
});
