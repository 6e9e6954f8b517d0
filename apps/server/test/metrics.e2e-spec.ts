import type { INestApplication } from '@nestjs/common';
import { ClientEvent } from '@tandem/protocol';
import { freePort, waitUntil } from '@tandem/testkit';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { Registry } from 'prom-client';
import { createApp } from '../src/app.factory.js';
import { listenForMetrics } from '../src/metrics/metrics-endpoint.js';
import { addPage, api, collabEnv, CollabWorld, savedAll, synced } from './support/collab/fixtures.js';

// Prometheus metrics (issue 19): /metrics on a real server and the worker's listener, refused
// without the bearer token, and the collaboration and persistence figures moving when a socket edits.
const TOKEN = 'metrics-token-for-the-suite-0123456789';

// The sum of every sample of `name` whose labels include `labels` (0 when absent).
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) total += Number(m[4]);
  }
  return total;
}

async function scrape(url: string, token: string | null = TOKEN): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${url}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe('metrics', () => {
  let world: CollabWorld;
  let server: string;
  let worker: string;

  beforeAll(async () => {
    const workerPort = await freePort();
    world = await CollabWorld.open(collabEnv({ METRICS_TOKEN: TOKEN, WORKER_METRICS_PORT: String(workerPort) }));
    server = world.serverUrl();
    worker = `http://127.0.0.1:${workerPort}`;
    // The worker boots beside the server: wait for its listener.
    await waitUntil('worker metrics listener', async () => (await scrape(worker)).status === 200, 30_000);
  });

  afterAll(async () => {
    await world?.close();
  });

  it.each([
    ['server', () => server],
    ['worker', () => worker],
  ])('%s: /metrics is refused without the bearer token or with a wrong one, served with it', async (_name, url) => {
    const none = await scrape(url(), null);
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('nodejs_');
    const wrong = await scrape(url(), 'not-the-metrics-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('nodejs_');
    const basic = await fetch(`${url()}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
    const ok = await scrape(url());
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    // Node's default metrics in both processes.
    expect(ok.text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(ok.text).toMatch(/^process_resident_memory_bytes \d/m);
  });

  it('an edit through a socket moves the collaboration and persistence figures', async () => {
    const [s0, w0] = [(await scrape(server)).text, (await scrape(worker)).text];
    const pageId = await addPage(world.prisma, world.workspaceId);
    const client = await world.client(pageId);
    await synced(client);
    client.insert(0, 'hello metrics');
    client.insert(5, ',');
    await savedAll(client);
    // An invalid update is refused (validation_failed) and counted by its code.
    const refusal = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      client.connection.socket.emit(ClientEvent.Update, { pageId, update: 'not bytes' }, resolve),
    );
    expect(refusal.error?.code).toBe('validation_failed');

    const s1 = (await scrape(server)).text;
    const received = sample(s1, 'tandem_collab_updates_received_total') - sample(s0, 'tandem_collab_updates_received_total');
    const acks = sample(s1, 'tandem_collab_ack_latency_seconds_count') - sample(s0, 'tandem_collab_ack_latency_seconds_count');
    expect(received).toBeGreaterThanOrEqual(1);
    expect(acks).toBeGreaterThanOrEqual(1);
    expect(acks).toBeLessThanOrEqual(received);
    expect(sample(s1, 'tandem_collab_update_size_bytes_count') - sample(s0, 'tandem_collab_update_size_bytes_count')).toBe(received);
    expect(sample(s1, 'tandem_collab_join_duration_seconds_count') - sample(s0, 'tandem_collab_join_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(s1, 'tandem_collab_refusals_total', { code: 'validation_failed' }) - sample(s0, 'tandem_collab_refusals_total', { code: 'validation_failed' })).toBe(1);
    // Every code is exported from the start (at 0), so an alert on one never sees "no data".
    expect(s1).toMatch(/^tandem_collab_refusals_total\{code="rate_limited"\} \d/m);
    expect(sample(s1, 'tandem_collab_connected_sockets')).toBeGreaterThanOrEqual(1);
    expect(sample(s1, 'tandem_collab_joined_pages')).toBeGreaterThanOrEqual(1);
    // The ack waits for the XADD only: well under a second on this machine, even loaded.
    const ackSum = sample(s1, 'tandem_collab_ack_latency_seconds_sum') - sample(s0, 'tandem_collab_ack_latency_seconds_sum');
    expect(ackSum / acks).toBeLessThan(1);

    // "Saved" came from the worker's commit: its lag histogram holds this page's write.
    const w1 = (await scrape(worker)).text;
    const persisted = sample(w1, 'tandem_persist_lag_seconds_count') - sample(w0, 'tandem_persist_lag_seconds_count');
    expect(persisted).toBeGreaterThanOrEqual(1);
    const lag = (sample(w1, 'tandem_persist_lag_seconds_sum') - sample(w0, 'tandem_persist_lag_seconds_sum')) / persisted;
    // PERSIST_INTERVAL_MS is 300 in the suite: an update waits for it, a batch window and the write.
    expect(lag).toBeGreaterThan(0);
    expect(lag).toBeLessThan(10);
    expect(sample(w1, 'tandem_persist_batch_pages_count')).toBeGreaterThan(sample(w0, 'tandem_persist_batch_pages_count'));
    expect(sample(w1, 'tandem_persist_write_duration_seconds_count')).toBeGreaterThan(sample(w0, 'tandem_persist_write_duration_seconds_count'));
    expect(w1).toMatch(/^tandem_queue_jobs\{queue="documents",state="failed"\} \d/m);
    expect(w1).toMatch(/^tandem_queue_jobs\{queue="documents",state="waiting"\} \d/m);
    console.log(`metrics: ${received} updates, ack mean ${((ackSum / acks) * 1000).toFixed(1)} ms, persist lag mean ${(lag * 1000).toFixed(0)} ms over ${persisted} page write(s)`);
  });

  it('times REST requests by route template and status, never by raw path', async () => {
    const page = await api(server, world.owner, 'GET', `/workspaces/${world.workspaceId}/members`);
    expect(page.status).toBe(200);
    await api(server, world.owner, 'GET', '/no/such/route');
    const text = (await scrape(server)).text;
    expect(sample(text, 'tandem_http_request_duration_seconds_count', { method: 'GET', route: '/workspaces/:id/members', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tandem_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(world.workspaceId);
    expect(text).not.toContain('/no/such/route');
    // The scrapes themselves are not timed.
    expect(text).not.toContain('route="/metrics"');
  });

  it('every metric the Prometheus alert rules reference is exported by a real scrape', async () => {
    const rules = readFileSync(new URL('../../../ops/prometheus/alerts.yml', import.meta.url), 'utf8');
    const alerts = [...rules.matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1]);
    const exprs = [...rules.matchAll(/^\s*expr: (.+)$/gm)].map((m) => m[1]!);
    expect(alerts).toEqual(['TandemPersistLagHigh', 'TandemQueueJobsFailed', 'TandemEventLoopLagHigh']);
    expect(exprs).toHaveLength(alerts.length);
    // Series names of both processes' scrapes (a histogram's _bucket/_sum/_count included).
    const exported = new Set<string>();
    for (const url of [server, worker]) {
      for (const line of (await scrape(url)).text.split('\n')) {
        const name = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line)?.[1];
        if (name) exported.add(name);
      }
    }
    const referenced = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:tandem|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!)));
    expect([...referenced].sort()).toEqual(['nodejs_eventloop_lag_p99_seconds', 'tandem_persist_lag_seconds_bucket', 'tandem_queue_jobs']);
    expect([...referenced].filter((name) => !exported.has(name))).toEqual([]);
    // The label value a rule selects on exists too.
    expect((await scrape(worker)).text).toMatch(/^tandem_queue_jobs\{[^}]*state="failed"/m);
  });

  it('the provisioned Grafana dashboard parses, and every metric its panels query is exported by a real scrape', async () => {
    const ops = new URL('../../../ops/grafana/', import.meta.url);
    const dashboard = JSON.parse(readFileSync(new URL('dashboards/tandem.json', ops), 'utf8')) as {
      uid: string;
      panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('tandem-overview');
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(20);
    // Every panel queries the Prometheus data source that provisioning creates, by its uid.
    const datasources = readFileSync(new URL('provisioning/datasources/datasources.yml', ops), 'utf8');
    const uid = /type: prometheus/.test(datasources) ? /uid: (tandem-prometheus)\n\s+type: prometheus/.exec(datasources)?.[1] : undefined;
    expect(uid).toBe('tandem-prometheus');
    for (const p of panels) {
      expect(p.datasource?.uid).toBe(uid);
      expect(p.targets?.length).toBeGreaterThan(0);
    }
    const exprs = panels.flatMap((p) => p.targets!.map((t) => t.expr));
    const exported = new Set<string>();
    for (const url of [server, worker]) {
      for (const line of (await scrape(url)).text.split('\n')) {
        const name = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line)?.[1];
        if (name) exported.add(name);
      }
    }
    const referenced = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:tandem|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!)));
    expect(referenced.size).toBeGreaterThanOrEqual(15);
    expect([...referenced].filter((name) => !exported.has(name))).toEqual([]);
    // The figures the issue asks the dashboard for are all on it.
    for (const name of ['tandem_persist_lag_seconds_bucket', 'tandem_collab_ack_latency_seconds_bucket', 'tandem_queue_jobs', 'tandem_collab_refusals_total', 'nodejs_eventloop_lag_p99_seconds', 'tandem_http_request_duration_seconds_bucket']) {
      expect(referenced).toContain(name);
    }
    // Label values the panels select on exist in the scrape.
    expect((await scrape(worker)).text).toMatch(/^tandem_queue_jobs\{[^}]*state="failed"/m);
  });
});

describe('metrics without METRICS_TOKEN', () => {
  let app: INestApplication;

  beforeAll(async () => {
    delete process.env.METRICS_TOKEN;
    app = await createApp();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('/metrics answers 404, token or not', async () => {
    await request(app.getHttpServer()).get('/metrics').expect(404);
    await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(404);
  });

  it("the worker's listener answers 404 too", async () => {
    const port = await freePort();
    const listener = await listenForMetrics(new Registry(), undefined, port);
    try {
      expect((await scrape(`http://127.0.0.1:${port}`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
