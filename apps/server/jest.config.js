import preset from '../../jest.preset.js';

export default {
  ...preset,
  // Suites share one Postgres and one Redis; each creates its own users, workspaces and pages.
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60_000,
  // The matrix last (test/support/sequencer.js), with up to ten of its cells in flight at once.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  maxConcurrency: 10,
  // Suites stop what they start; this only keeps a stray reconnect timer from holding CI forever.
  forceExit: true,
};
