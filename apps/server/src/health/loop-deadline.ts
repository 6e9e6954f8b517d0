// A deadline counted in time this process could have spent on an answer. A check's answer that has
// arrived is only read when the event loop gets to it: if the loop itself stalls (a long GC, a
// burst of work at start), a plain timer fires first when the loop resumes, and a dependency that
// answered in a millisecond reads as down. Here the time is counted in small steps, and a step
// that came late counts as one step, not as the whole stall.
const STEP_MS = 50;

export interface LoopDeadline {
  // Rejects with `error` once `ms` of the loop's own time has passed.
  expired: Promise<never>;
  cancel(): void;
}

export function loopDeadline(ms: number, error: () => Error): LoopDeadline {
  let counted = 0;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    let last = performance.now();
    const step = () => {
      const now = performance.now();
      counted += Math.min(now - last, 2 * STEP_MS);
      last = now;
      if (counted >= ms) reject(error());
      else timer = setTimeout(step, STEP_MS);
    };
    timer = setTimeout(step, STEP_MS);
  });
  // A deadline nobody awaits any more must not be an unhandled rejection.
  expired.catch(() => undefined);
  return { expired, cancel: () => clearTimeout(timer) };
}
