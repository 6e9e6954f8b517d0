import { afterPersisted } from '../src/jobs/stream-continuity.js';

const entry = (id: string) => ({ id, update: Buffer.from([0, 0]) });

// The worker's check that Redis still holds the stream entry its last persist ended at.
describe('afterPersisted', () => {
  it('drops the persisted entry itself and reports no gap when it is still there', () => {
    expect(afterPersisted('5-0', [entry('5-0'), entry('6-0')])).toEqual({ entries: [entry('6-0')], gap: false });
    expect(afterPersisted('5-0', [entry('5-0')])).toEqual({ entries: [], gap: false });
  });

  it('reports a gap when the persisted entry is gone (Redis lost data), keeping what it read', () => {
    expect(afterPersisted('5-0', [entry('9-0')])).toEqual({ entries: [entry('9-0')], gap: true });
    expect(afterPersisted('5-0', [])).toEqual({ entries: [], gap: true });
  });

  it('a page never persisted has no position to lose', () => {
    expect(afterPersisted('0-0', [entry('1-0')])).toEqual({ entries: [entry('1-0')], gap: false });
    expect(afterPersisted('0-0', [])).toEqual({ entries: [], gap: false });
  });
});
