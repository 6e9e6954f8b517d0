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
  // 'tree after a rename': each read (or round of reads at once) follows a page's rename, so the
  // kept tree is stale and read anew.
  read: 'tree' | 'tree after a rename' | `tree after a rename, ${number} at once` | 'page';
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
const TOGETHER = 20;

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
  // `before` runs ahead of each round (untimed); `together` requests of a round go at once.
  const time = async (who: ReadsRow['who'], read: ReadsRow['read'], path: () => string, session: string | null, size: (body: unknown) => number, { before, together = 1 }: { before?: (i: number) => Promise<unknown>; together?: number } = {}) => {
    const times: number[] = [];
    let sizes = 0;
    let bytes = 0;
    // About WARM_UP unmeasured reads, then about `reads` measured ones, in rounds of `together`.
    for (let i = -Math.ceil(WARM_UP / together); i < Math.ceil(params.reads / together); i++) {
      await before?.(i);
      const answers = await Promise.all(
        Array.from({ length: together }, async () => {
          const started = performance.now();
          const { text } = await target.request('GET', path(), undefined, session);
          // Until the whole answer is in (its parse is the client's work, 20–40 ms for a 4 MB tree).
          return { took: performance.now() - started, text };
        }),
      );
      if (i < 0) continue;
      for (const { took, text } of answers) {
        times.push(took);
        sizes += size(JSON.parse(text) as unknown);
        bytes += text.length;
      }
    }
    rows.push({ who, read, meanSize: sizes / times.length, meanBytes: bytes / times.length, ...summarize(times) });
  };
  const anyOf = (list: readonly { id: string }[] | readonly string[]) => () => {
    const item = list[Math.floor(random() * list.length)]!;
    return `/pages/${typeof item === 'string' ? item : item.id}`;
  };
  const treeSize = (body: unknown) => (body as PageTreeResponse).pages.length;
  const ancestors = (body: unknown) => (body as PageDetailResponse).ancestors.length;
  await time('member', 'tree', () => `/workspaces/${workspaceId}/pages`, null, treeSize);
  const renamed = ids[Math.floor(random() * ids.length)]!;
  const rename = (i: number) => target.request('PATCH', `/pages/${renamed}`, { title: `Renamed ${i + WARM_UP + 1}` });
  await time('member', 'tree after a rename', () => `/workspaces/${workspaceId}/pages`, null, treeSize, { before: rename });
  // Every member's sidebar refetches on the rename's `workspace:changed`.
  await time('member', `tree after a rename, ${TOGETHER} at once`, () => `/workspaces/${workspaceId}/pages`, null, treeSize, { before: rename, together: TOGETHER });
  await time('member', 'page', anyOf(ids), null, ancestors);
  await time('guest', 'tree', () => `/workspaces/${workspaceId}/pages`, guest, treeSize);
  await time('guest', 'page', anyOf(guestPages), guest, ancestors);
  return { pages: params.pages, seedSeconds, rows };
}

export function renderReads(r: ReadsResult): string {
  return [
    `reads: ${r.pages.toLocaleString('en')} pages seeded in ${r.seedSeconds.toFixed(1)} s (one request at a time unless said, after ${WARM_UP} unmeasured)`,
    '| who | read | requests | p50 ms | p95 ms | p99 ms | max ms | pages or ancestors | KiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map((x) => `| ${x.who} | ${x.read} | ${x.count} | ${x.p50.toFixed(1)} | ${x.p95.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.max.toFixed(1)} | ${x.meanSize.toFixed(0)} | ${(x.meanBytes / 1024).toFixed(1)} |`),
  ].join('\n');
}
