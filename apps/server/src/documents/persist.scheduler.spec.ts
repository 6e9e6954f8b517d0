import { jest } from '@jest/globals';
import type { AppConfig } from '../config/env.js';
import type { PersistQueueRepository } from './persist-queue.repository.js';
import { PersistScheduler } from './persist.scheduler.js';

// The scheduler's timing rules with a fake queue and Jest's clock: how many persist jobs a page's
// updates cost, and with which delays. The real queue and worker are covered by
// test/collab-persistence.e2e-spec.ts.
const INTERVAL = 1000;

function setup(persist: (pageId: string, delay: number) => Promise<void> = async () => undefined) {
  const jobs: Array<{ pageId: string; delay: number }> = [];
  const queue = {
    persist: (pageId: string, delay: number) => {
      jobs.push({ pageId, delay });
      return persist(pageId, delay);
    },
  } as unknown as PersistQueueRepository;
  const scheduler = new PersistScheduler(queue, { PERSIST_INTERVAL_MS: INTERVAL } as AppConfig);
  return { scheduler, jobs };
}

describe('PersistScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("queues a quiet page's first update at once, delayed by the interval (the durable backstop)", () => {
    const { scheduler, jobs } = setup();
    scheduler.touch('a');
    expect(jobs).toEqual([{ pageId: 'a', delay: INTERVAL }]);
  });

  it('costs one more job per busy interval, due at once, however many updates it had', () => {
    const { scheduler, jobs } = setup();
    scheduler.touch('a');
    for (let i = 0; i < 50; i++) scheduler.touch('a');
    expect(jobs).toHaveLength(1);
    jest.advanceTimersByTime(INTERVAL);
    expect(jobs).toEqual([
      { pageId: 'a', delay: INTERVAL },
      { pageId: 'a', delay: 0 },
    ]);
    scheduler.touch('a');
    jest.advanceTimersByTime(INTERVAL);
    expect(jobs).toHaveLength(3);
  });

  it('queues nothing for an interval without updates, and starts over after it', () => {
    const { scheduler, jobs } = setup();
    scheduler.touch('a');
    jest.advanceTimersByTime(INTERVAL * 5);
    expect(jobs).toHaveLength(1);
    scheduler.touch('a');
    expect(jobs).toEqual([
      { pageId: 'a', delay: INTERVAL },
      { pageId: 'a', delay: INTERVAL },
    ]);
  });

  it('schedules each page on its own', () => {
    const { scheduler, jobs } = setup();
    scheduler.touch('a');
    scheduler.touch('b');
    scheduler.touch('a');
    expect(jobs.map((j) => j.pageId)).toEqual(['a', 'b']);
    jest.advanceTimersByTime(INTERVAL);
    expect(jobs.map((j) => j.pageId)).toEqual(['a', 'b', 'a']);
  });

  it('survives a queue that is down (the updates are in the stream; the next touch queues again)', async () => {
    const { scheduler, jobs } = setup(() => Promise.reject(new Error('Redis away')));
    scheduler.touch('a');
    await Promise.resolve();
    expect(jobs).toHaveLength(1);
  });

  it('queues the pages with unscheduled updates at once when stopping', async () => {
    const { scheduler, jobs } = setup();
    scheduler.touch('busy');
    scheduler.touch('busy');
    scheduler.touch('quiet');
    await scheduler.onApplicationShutdown();
    expect(jobs.slice(2)).toEqual([{ pageId: 'busy', delay: 0 }]);
    // Its timers are gone: nothing more is queued afterwards.
    jest.advanceTimersByTime(INTERVAL * 3);
    expect(jobs).toHaveLength(3);
  });

  it('gives up on those last jobs after a few seconds when Redis does not answer', async () => {
    const { scheduler, jobs } = setup((_, delay) => (delay === 0 ? new Promise<void>(() => undefined) : Promise.resolve()));
    scheduler.touch('a');
    scheduler.touch('a');
    const stopped = scheduler.onApplicationShutdown();
    jest.advanceTimersByTime(3000);
    await expect(stopped).resolves.toBeUndefined();
    expect(jobs).toHaveLength(2);
  });
});
