import TestSequencer from '@jest/test-sequencer';

// Jest's order (slowest or largest first), except that the authorization matrix goes last. `npm test`
// runs this package beside the browser suites; the matrix's cells run concurrently and can use both
// cores, so it finishes the run on a machine the other lane has left, instead of competing with it.
const Base = TestSequencer.default ?? TestSequencer;

// `--shard=2/2` is these suites, `--shard=1/2` the rest. They spend their time waiting on servers,
// workers and Redis instances they start, so `npm test` runs them after whichever of its two lanes
// is done first (scripts/test.mjs): the server lane's first shard or the browser suites. Without
// --shard a run has every suite.
const SECOND_SHARD = /\/collab-(cluster|redis-cluster|redis-loss|redis-memory|shutdown|session-expiry|join-load|resend)\.e2e-spec\.ts$/;

export default class ServerSequencer extends Base {
  shard(tests, { shardIndex, shardCount }) {
    if (shardCount !== 2) throw new Error('The server suites split into two shards only (--shard=1/2 or --shard=2/2).');
    return tests.filter((t) => SECOND_SHARD.test(t.path) === (shardIndex === 2));
  }

  async sort(tests) {
    const sorted = await super.sort(tests);
    const last = (test) => test.path.endsWith('authz-matrix.e2e-spec.ts');
    return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
  }
}
