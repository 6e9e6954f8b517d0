import type { PageDetailResponse, PageTreeResponse } from '@tandem/protocol';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';
import { corpusPicker, seedPages } from './seed-pages.js';

// REST hot reads (issue 20, goal 6): the sidebar's page tree of a big workspace and GET /pages/:id
// (access computed, breadcrumbs), one request at a time, as a member (the owner) and as a guest
// with a few subtrees shared. Target: p95 ≤ 20 ms at 10,000 pages.
export interface ReadsParams {
  pages: number;
  fanout: number;
  reads: number;
  guestRoots: number;
}

export interface ReadsRow extends Summary {
  who: 'member' | 'guest';
  read: 'tree' | 'page';
  // Pages in the answer (tree) or ancestors shown (page), per read.
  meanSize: number;
  meanBytes: number;
}

export interface ReadsResult {
  pages: number;
  seedSeconds: number;
  rows: ReadsRow[];
}

const WARM_UP = 10;

export async function runReads(target: TandemTarget, params: ReadsParams): Promise<ReadsResult> {
  const { pick, random } = corpusPicker(20);
  const reuse = process.env.BENCH_READS_WORKSPACE;
  if (reuse) await target.adoptWorkspace(reuse);
  else await target.newWorkspace('Bench reads');
  const workspaceId = target.workspace();
  const t0 = performance.now();
  const { roots, ids } = await seedPages(target.database(), workspaceId, { pages: params.pages, fanout: params.fanout, reuse: Boolean(reuse) }, pick, random);
  await target.database().query('ANALYZE "Page"; ANALYZE "Document"');
  const seedSeconds = (performance.now() - t0) / 1000;
  const shared = roots.slice(0, params.guestRoots);
  const guest = await target.addGuest(shared);
  // The guest's readable pages: the shared roots and their children.
  const { rows: guestPages } = await target.database().query<{ id: string }>(`SELECT id::text FROM "Page" WHERE id = ANY($1::uuid[]) OR "parentId" = ANY($1::uuid[])`, [shared]);

  const rows: ReadsRow[] = [];
  const time = async (who: ReadsRow['who'], read: ReadsRow['read'], path: () => string, session: string | null, size: (body: unknown) => number) => {
    const times: number[] = [];
    let sizes = 0;
    let bytes = 0;
    for (let i = -WARM_UP; i < params.reads; i++) {
      const started = performance.now();
      const { text } = await target.request('GET', path(), undefined, session);
      // Until the whole answer is in (its parse is the client's work, 20–40 ms for a 4 MB tree).
      const took = performance.now() - started;
      const body = JSON.parse(text) as unknown;
      if (i < 0) continue;
      times.push(took);
      sizes += size(body);
      bytes += text.length;
    }
    rows.push({ who, read, meanSize: sizes / params.reads, meanBytes: bytes / params.reads, ...summarize(times) });
  };
  const anyOf = (list: readonly { id: string }[] | readonly string[]) => () => {
    const item = list[Math.floor(random() * list.length)]!;
    return `/pages/${typeof item === 'string' ? item : item.id}`;
  };
  const treeSize = (body: unknown) => (body as PageTreeResponse).pages.length;
  const ancestors = (body: unknown) => (body as PageDetailResponse).ancestors.length;
  await time('member', 'tree', () => `/workspaces/${workspaceId}/pages`, null, treeSize);
  await time('member', 'page', anyOf(ids), null, ancestors);
  await time('guest', 'tree', () => `/workspaces/${workspaceId}/pages`, guest, treeSize);
  await time('guest', 'page', anyOf(guestPages), guest, ancestors);
  return { pages: params.pages, seedSeconds, rows };
}

export function renderReads(r: ReadsResult): string {
  return [
    `reads: ${r.pages.toLocaleString('en')} pages seeded in ${r.seedSeconds.toFixed(1)} s (one request at a time, after ${WARM_UP} unmeasured)`,
    '| who | read | requests | p50 ms | p95 ms | p99 ms | max ms | pages or ancestors | KiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map((x) => `| ${x.who} | ${x.read} | ${x.count} | ${x.p50.toFixed(1)} | ${x.p95.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.max.toFixed(1)} | ${x.meanSize.toFixed(0)} | ${(x.meanBytes / 1024).toFixed(1)} |`),
  ].join('\n');
}
