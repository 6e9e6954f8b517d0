import { setImmediate as nextTurn } from 'node:timers/promises';

// Map a big list a slice at a time, giving the event loop a turn between slices. The worker renews
// its BullMQ job locks (4 s) and answers other pages' jobs on the same loop, so a projection of a
// 10,000-row database done in one synchronous pass held every other page's "Saved" back and let
// locks lapse under load.
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R, slice = 500): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += slice) {
    if (i > 0) await nextTurn();
    for (const item of items.slice(i, i + slice)) out.push(fn(item));
  }
  return out;
}
