import preset from '../../jest.preset.js';

export default {
  ...preset,
  moduleNameMapper: { ...preset.moduleNameMapper, '^@/(.*)$': '<rootDir>/$1' },
  testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx', '<rootDir>/e2e/**/*.e2e.ts'],
  // Browser suites start real processes and Chromium.
  testTimeout: 120_000,
  // One stack for the browser suites that need nothing special of it (testkit's shared-stack.ts).
  globalSetup: '<rootDir>/e2e/support/global-setup.mjs',
  globalTeardown: '<rootDir>/e2e/support/global-teardown.mjs',
};
