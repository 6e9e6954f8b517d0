import TestSequencer from '@jest/test-sequencer';

// Jest's order (slowest or largest first), except that the authorization matrix goes last. `npm test`
// runs this package beside the browser suites; the matrix's cells run concurrently and can use both
// cores, so it finishes the run on a machine the other lane has left, instead of competing with it.
const Base = TestSequencer.default ?? TestSequencer;

export default class ServerSequencer extends Base {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const last = (test) => test.path.endsWith('authz-matrix.e2e-spec.ts');
    return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
  }
}
