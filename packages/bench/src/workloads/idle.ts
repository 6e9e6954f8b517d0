// W3: server memory per idle connection, measured after a full garbage collection in the server
// (heap-probe.ts), so it counts what connections retain, not garbage from connecting them.
import { closeAll, connectAll, sleep } from '../load.js';
import { settledMemory } from '../proc.js';
import type { Target } from '../targets/target.js';

export interface IdleRow {
  target: string;
  connections: number;
  pages: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  kbPerConnection: number;
  // JS heap in use + external (Buffers), per connection.
  heapKbPerConnection: number;
}

export async function runW3(target: Target, o: { connections: number; pages: number; settleMs: number }): Promise<IdleRow> {
  const memory = () => settledMemory(target.socketPids());
  const pages: string[] = [];
  for (let i = 0; i < o.pages; i++) pages.push(await target.newPage());
  // One connection and disconnection first, so lazily loaded code is not charged to connections.
  await closeAll(await connectAll(target, [pages[0]!]));
  await sleep(o.settleMs / 3);
  const before = await memory();
  const clients = await connectAll(target, Array.from({ length: o.connections }, (_, i) => pages[i % pages.length]!), 50);
  await sleep(o.settleMs);
  const after = await memory();
  await closeAll(clients);
  return {
    target: target.name,
    connections: o.connections,
    pages: o.pages,
    rssBeforeMb: before.rss / 2 ** 20,
    rssAfterMb: after.rss / 2 ** 20,
    kbPerConnection: (after.rss - before.rss) / o.connections / 1024,
    heapKbPerConnection: (after.heap - before.heap) / o.connections / 1024,
  };
}
