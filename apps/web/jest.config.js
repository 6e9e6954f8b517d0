import preset from '../../jest.preset.js';

export default {
  ...preset,
  moduleNameMapper: { ...preset.moduleNameMapper, '^@/(.*)$': '<rootDir>/$1' },
  testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx', '<rootDir>/e2e/**/*.e2e.ts'],
  // Browser suites start real processes and Chromium.
  testTimeout: 120_000,
};
