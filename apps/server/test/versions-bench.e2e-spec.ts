import { DOCUMENT_FIELD, yDocFromJSON, yDocToJSON } from '@tandem/editor';
import type { VersionListResponse, VersionView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { api, collabEnv, CollabWorld, savedAll, synced } from './support/collab/fixtures.js';

// Figures for docs/BENCHMARKS.md (issue 13), not a pass/fail suite: it runs only with
// BENCH_VERSIONS=1. Listing 1,000 versions, previewing and comparing a 10,000-paragraph version,
// and restoring it, against the real server and worker.
const run = process.env.BENCH_VERSIONS ? describe : describe.skip;

const doc = (lines: string[]) => ({ type: 'doc', content: lines.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const summary = (samples: number[]) => `p50 ${percentile(samples, 50).toFixed(0)} ms, p95 ${percentile(samples, 95).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms (n=${samples.length})`;

run('version history bench', () => {
  let world: CollabWorld;
  let url: string;
  const lines: string[] = [];

  async function timed(method: string, path: string, body?: unknown): Promise<{ ms: number; bytes: number; json: unknown }> {
    const started = performance.now();
    const res = await api(url, world.owner, method, path, body);
    const text = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return { ms, bytes: text.length, json: JSON.parse(text) };
  }

  // Another person's tiny request every 20 ms while `work` runs: if the heavy steps ran on the
  // server's event loop, these would wait for them.
  async function probed<T>(work: () => Promise<T>): Promise<{ result: T; probes: number[] }> {
    const probes: number[] = [];
    let done = false;
    const loop = (async () => {
      while (!done) {
        const started = performance.now();
        await api(url, world.owner, 'GET', '/auth/me').then((r) => r.text());
        probes.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      return { result: await work(), probes };
    } finally {
      done = true;
      await loop;
    }
  }

  beforeAll(async () => {
    // BENCH_VERSIONS_INLINE=1: the heavy steps on the event loop, for comparison.
    const inline: Record<string, string> = process.env.BENCH_VERSIONS_INLINE ? { HISTORY_WORKER_MIN_BYTES: String(2 ** 31) } : {};
    world = await CollabWorld.open(collabEnv({ COLLAB_UPDATES_PER_SECOND: '1000', COLLAB_UPDATE_BURST: '1000', ...inline }), { worker: true });
    lines.push(process.env.BENCH_VERSIONS_INLINE ? 'mode: inline (HISTORY_WORKER_MIN_BYTES above every page)' : 'mode: default (pages over 256 KiB in the worker thread)');
    url = world.serverUrl();
  });
  afterAll(async () => {
    console.log(`[versions-bench]\n${lines.join('\n')}`);
    await world?.close();
  });

  it('lists a page with 1,000 versions', async () => {
    const { id: pageId } = (await timed('POST', `/workspaces/${world.workspaceId}/pages`, { title: 'Many versions' })).json as { id: string };
    const state = Buffer.from(Y.encodeStateAsUpdate(yDocFromJSON(doc(['a version']))));
    const authors = [world.owner.id];
    const start = Date.now() - 1000 * 60_000;
    await world.prisma.documentVersion.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({ pageId, state, size: state.byteLength, kind: i % 10 === 0 ? ('named' as const) : ('auto' as const), name: i % 10 === 0 ? `v${i}` : null, authorIds: authors, createdAt: new Date(start + i * 60_000) })),
    });
    const first: number[] = [];
    const walk: number[] = [];
    for (let round = 0; round < 5; round++) {
      let cursor: string | null = null;
      let seen = 0;
      do {
        const { ms, json } = await timed('GET', `/pages/${pageId}/versions${cursor ? `?cursor=${cursor}` : ''}`);
        (cursor ? walk : first).push(ms);
        const page = json as VersionListResponse;
        seen += page.versions.length;
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toBe(1000);
    }
    lines.push(`list 1,000 versions: first page ${summary(first)}; later pages (cursor) ${summary(walk)}; whole list = 20 requests`);
  });

  it('previews, compares and restores a 10,000-paragraph version', async () => {
    const paragraphs = Array.from({ length: 10_000 }, (_, i) => `P${i} quick brown fox.`);
    const { id: pageId } = (await timed('POST', `/workspaces/${world.workspaceId}/pages`, { title: 'Big', content: { kind: 'json', content: doc(paragraphs) } })).json as { id: string };
    const version = (await timed('POST', `/pages/${pageId}/versions`, { name: 'big' })).json as VersionView;

    const preview: number[] = [];
    let previewBytes = 0;
    for (let i = 0; i < 10; i++) {
      const r = await timed('GET', `/pages/${pageId}/versions/${version.id}`);
      preview.push(r.ms);
      previewBytes = r.bytes;
    }
    lines.push(`preview of a 10,000-paragraph version (${(version.size / 1024).toFixed(0)} KiB state, ${(previewBytes / 1024).toFixed(0)} KiB JSON): ${summary(preview)}`);

    // Someone edits the page: 20 paragraphs changed here and there, 50 removed at the end.
    const client = await world.client(pageId);
    await synced(client);
    const fragment = client.doc.getXmlFragment(DOCUMENT_FIELD);
    client.doc.transact(() => {
      for (let i = 0; i < 20; i++) (((fragment.get(i * 450) as Y.XmlElement).get(0)) as Y.XmlText).insert(0, 'EDITED ');
      fragment.delete(fragment.length - 50, 50);
    });
    await savedAll(client);

    const compare: number[] = [];
    const { probes } = await probed(async () => {
      for (let i = 0; i < 10; i++) compare.push((await timed('GET', `/pages/${pageId}/versions/${version.id}/diff?against=current`)).ms);
    });
    lines.push(`compare that version with the current page (20 changed, 50 removed blocks): ${summary(compare)}`);
    lines.push(`meanwhile GET /auth/me from another client: ${summary(probes)}`);

    // Restore it, then undo the restore (the before-restore version), alternately: each is a real change.
    const restore: number[] = [];
    const seen: number[] = [];
    let target = version.id;
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const r = (await timed('POST', `/pages/${pageId}/versions/${target}/restore`)).json as { beforeRestore: VersionView };
      restore.push(performance.now() - started);
      const want = i % 2 === 0 ? 10_000 : 9_950;
      await waitUntil('the client sees the restore', async () => (yDocToJSON(client.doc).content ?? []).length === want, 30_000);
      seen.push(performance.now() - started);
      target = r.beforeRestore.id;
    }
    lines.push(`restore a 10,000-paragraph version (answer): ${summary(restore)}; until an open client has it: ${summary(seen)}`);
  });
});
