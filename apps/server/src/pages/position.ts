import { generateKeyBetween } from 'fractional-indexing';

export interface Sibling {
  id: string;
  position: string;
}

export class PositionError extends Error {
  constructor(readonly field: 'afterId' | 'beforeId', reason: string) {
    super(reason);
  }
}

// Where a page goes among `siblings` (sorted by position, the page itself excluded): after
// `afterId`, before `beforeId`, between both, or last when neither is given. Keys compare by code
// point, like fractional-indexing generates them.
export function positionAmong(siblings: readonly Sibling[], afterId?: string | null, beforeId?: string | null): string {
  const index = (id: string, field: 'afterId' | 'beforeId') => {
    const i = siblings.findIndex((s) => s.id === id);
    if (i < 0) throw new PositionError(field, 'is not a page under that parent');
    return i;
  };
  let lower: string | null;
  let upper: string | null = null;
  if (afterId && beforeId) {
    const a = index(afterId, 'afterId');
    const b = index(beforeId, 'beforeId');
    if (a >= b) throw new PositionError('beforeId', 'must come after afterId');
    lower = siblings[a]!.position;
    upper = siblings[a + 1]!.position;
  } else if (afterId) {
    const a = index(afterId, 'afterId');
    lower = siblings[a]!.position;
    upper = siblings[a + 1]?.position ?? null;
  } else if (beforeId) {
    const b = index(beforeId, 'beforeId');
    lower = siblings[b - 1]?.position ?? null;
    upper = siblings[b]!.position;
  } else {
    lower = siblings.at(-1)?.position ?? null;
  }
  return generateKeyBetween(lower, upper);
}

export function byPosition(a: Sibling, b: Sibling): number {
  return a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
