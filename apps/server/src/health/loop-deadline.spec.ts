import { loopDeadline } from './loop-deadline.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stall = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('loopDeadline', () => {
  it('expires after its time when the loop runs freely', async () => {
    const deadline = loopDeadline(200, () => new Error('late'));
    const started = performance.now();
    await expect(deadline.expired).rejects.toThrow('late');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  // What a plain timer gets wrong: after a 1 s stall of the loop it fires at once, before any
  // answer that arrived meanwhile is read.
  it('does not count a stall of the loop as time spent waiting', async () => {
    const deadline = loopDeadline(300, () => new Error('late'));
    let expired = false;
    deadline.expired.catch(() => (expired = true));
    stall(1_000);
    await sleep(60);
    expect(expired).toBe(false);
    await sleep(400);
    expect(expired).toBe(true);
  });

  it('never expires once cancelled', async () => {
    const deadline = loopDeadline(100, () => new Error('late'));
    let expired = false;
    deadline.expired.catch(() => (expired = true));
    deadline.cancel();
    await sleep(300);
    expect(expired).toBe(false);
  });
});
