// W3: server memory per idle connection.
import { closeAll, connectAll, sleep } from '../load.js';
import { rssBytes } from '../proc.js';
import type { Target } from '../targets/target.js';

export interface IdleRow {
  target: string;
  connections: number;
  pages: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  kbPerConnection: number;
}

export async function runW3(target: Target, o: { connections: number; pages: number; settleMs: number }): Promise<IdleRow> {
  const rss = () => target.socketPids().reduce((sum, pid) => sum + rssBytes(pid), 0);
  const pages: string[] = [];
  for (let i = 0; i < o.pages; i++) pages.push(await target.newPage());
  // One connection and disconnection first, so lazily loaded code is not charged to connections.
  await closeAll(await connectAll(target, [pages[0]!]));
  await sleep(o.settleMs / 3);
  const before = rss();
  const clients = await connectAll(target, Array.from({ length: o.connections }, (_, i) => pages[i % pages.length]!), 50);
  await sleep(o.settleMs);
  const after = rss();
  await closeAll(clients);
  return {
    target: target.name,
    connections: o.connections,
    pages: o.pages,
    rssBeforeMb: before / 2 ** 20,
    rssAfterMb: after / 2 ** 20,
    kbPerConnection: (after - before) / o.connections / 1024,
  };
}
