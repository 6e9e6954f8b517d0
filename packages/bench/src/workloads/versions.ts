// The `versions` workload (issue 13): the history API under real sizes, through the real server and
// worker — listing a page with 1,000 versions, previewing and comparing a 10,000-paragraph version
// (with another client's tiny requests timed meanwhile: heavy steps must not hold the event loop),
// and restoring it until an open client has the result.
import { DOCUMENT_FIELD, yDocFromJSON, yDocToJSON } from '@tandem/editor';
import type { VersionListResponse, VersionView } from '@tandem/protocol';
import * as Y from 'yjs';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';

export interface VersionsParams {
  versions: number;
  paragraphs: number;
  rounds: number;
}

export interface VersionsResult {
  listFirst: Summary;
  listCursor: Summary;
  previewStateKiB: number;
  previewJsonKiB: number;
  preview: Summary;
  compare: Summary;
  probesDuringCompare: Summary;
  restoreAnswer: Summary;
  restoreSeen: Summary;
  params: VersionsParams;
}

const doc = (lines: string[]) => ({ type: 'doc', content: lines.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

export async function runVersions(target: TandemTarget, params: VersionsParams): Promise<VersionsResult> {
  const timed = async <T>(method: string, path: string, body?: unknown): Promise<{ ms: number; bytes: number; json: T }> => {
    const started = performance.now();
    const { text } = await target.request(method, path, body);
    return { ms: performance.now() - started, bytes: text.length, json: JSON.parse(text) as T };
  };
  const workspace = target.workspace();

  // A page with `versions` stored versions (written straight into Postgres: saving them one by one
  // would measure the save path instead).
  const many = (await timed<{ id: string }>('POST', `/workspaces/${workspace}/pages`, { title: 'Many versions' })).json.id;
  const state = Buffer.from(Y.encodeStateAsUpdate(yDocFromJSON(doc(['a version']))));
  const start = Date.now() - params.versions * 60_000;
  await target.database().query(
    `INSERT INTO "DocumentVersion" (id, "pageId", state, size, kind, name, "createdAt")
     SELECT gen_random_uuid(), $1, $2, $3, CASE WHEN i % 10 = 0 THEN 'named' ELSE 'auto' END::"VersionKind",
            CASE WHEN i % 10 = 0 THEN 'v' || i END, to_timestamp(($4::bigint + i::bigint * 60000) / 1000.0) AT TIME ZONE 'UTC'
     FROM generate_series(0, $5 - 1) AS i`,
    [many, state, state.byteLength, start, params.versions],
  );
  const first: number[] = [];
  const walk: number[] = [];
  for (let round = 0; round < params.rounds; round++) {
    let cursor: string | null = null;
    let seen = 0;
    do {
      const { ms, json }: { ms: number; json: VersionListResponse } = await timed<VersionListResponse>('GET', `/pages/${many}/versions${cursor ? `?cursor=${cursor}` : ''}`);
      (cursor ? walk : first).push(ms);
      seen += json.versions.length;
      cursor = json.nextCursor;
    } while (cursor);
    if (seen !== params.versions) throw new Error(`listed ${seen} of ${params.versions} versions`);
  }

  // A big page and a version of it.
  const paragraphs = Array.from({ length: params.paragraphs }, (_, i) => `P${i} quick brown fox.`);
  const big = (await timed<{ id: string }>('POST', `/workspaces/${workspace}/pages`, { title: 'Big', content: { kind: 'json', content: doc(paragraphs) } })).json.id;
  const version = (await timed<VersionView>('POST', `/pages/${big}/versions`, { name: 'big' })).json;
  const preview: number[] = [];
  let previewBytes = 0;
  for (let i = 0; i < params.rounds * 2; i++) {
    const r = await timed('GET', `/pages/${big}/versions/${version.id}`);
    preview.push(r.ms);
    previewBytes = r.bytes;
  }

  // Someone edits it: 20 paragraphs changed here and there, the last 50 removed.
  const client = new Y.Doc();
  const open = await target.connect(big, client);
  try {
    const fragment = client.getXmlFragment(DOCUMENT_FIELD);
    const step = Math.max(1, Math.floor(params.paragraphs / 22));
    client.transact(() => {
      for (let i = 0; i < 20; i++) ((fragment.get(i * step) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'EDITED ');
      fragment.delete(fragment.length - 50, 50);
    });
    // Persisted (the compare reads the page as Postgres and the stream have it; waiting for the
    // worker keeps the compare from timing a merge of stream entries).
    const want = Y.encodeStateVector(client);
    const deadline = Date.now() + 60_000;
    while (!sameBytes((await target.persistence!.stateVectors([big])).get(big), want)) {
      if (Date.now() > deadline) throw new Error('the edit was never persisted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const compare: number[] = [];
    const probes: number[] = [];
    let comparing = true;
    const probing = (async () => {
      while (comparing) {
        probes.push((await timed('GET', '/auth/me')).ms);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      for (let i = 0; i < params.rounds * 2; i++) compare.push((await timed('GET', `/pages/${big}/versions/${version.id}/diff?against=current`)).ms);
    } finally {
      comparing = false;
      await probing;
    }

    // Restore the version, then undo the restore (its before-restore version), alternately: each is
    // a real change, timed to the answer and until the open client has it.
    const answer: number[] = [];
    const seen: number[] = [];
    let restoring = version.id;
    for (let i = 0; i < params.rounds + 1; i++) {
      const started = performance.now();
      const r = await timed<{ beforeRestore: VersionView }>('POST', `/pages/${big}/versions/${restoring}/restore`);
      answer.push(r.ms);
      const want = i % 2 === 0 ? params.paragraphs : params.paragraphs - 50;
      const deadline = Date.now() + 60_000;
      while ((yDocToJSON(client).content ?? []).length !== want) {
        if (Date.now() > deadline) throw new Error('the open client never saw the restore');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      seen.push(performance.now() - started);
      restoring = r.json.beforeRestore.id;
    }
    return {
      listFirst: summarize(first),
      listCursor: summarize(walk),
      previewStateKiB: Math.round(version.size / 1024),
      previewJsonKiB: Math.round(previewBytes / 1024),
      preview: summarize(preview),
      compare: summarize(compare),
      probesDuringCompare: summarize(probes),
      restoreAnswer: summarize(answer),
      restoreSeen: summarize(seen),
      params,
    };
  } finally {
    await open.close();
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return !!a && a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

export function renderVersions(r: VersionsResult): string {
  const f = (s: Summary) => `p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (n=${s.count})`;
  return [
    `Version history (Tandem): ${r.params.versions} versions, a ${r.params.paragraphs}-paragraph page`,
    `| figure | time |`,
    `| --- | --- |`,
    `| list ${r.params.versions} versions, first page (50) | ${f(r.listFirst)} |`,
    `| list, later pages (cursor) | ${f(r.listCursor)} |`,
    `| preview the version (${r.previewStateKiB} KiB state → ${r.previewJsonKiB} KiB JSON) | ${f(r.preview)} |`,
    `| compare it with the page (20 changed, 50 removed blocks) | ${f(r.compare)} |`,
    `| another client's GET /auth/me meanwhile | ${f(r.probesDuringCompare)} |`,
    `| restore (answer) | ${f(r.restoreAnswer)} |`,
    `| restore until an open client has it | ${f(r.restoreSeen)} |`,
  ].join('\n');
}
