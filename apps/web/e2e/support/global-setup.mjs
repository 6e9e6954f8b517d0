import process from 'node:process';
import { startSharedStack } from '@tandem/testkit';

// Jest's globalSetup: the stack shared by browser suites (testkit's shared-stack.ts), only when the
// run includes browser suites (a run of unit tests alone starts nothing), and unless asked not to.
export default async function globalSetup(config) {
  const patterns = config.testPathPatterns.patterns;
  const browserSuites = patterns.length === 0 || patterns.some((p) => p.includes('e2e'));
  if (browserSuites && process.env.TANDEM_E2E_OWN_STACKS !== '1') await startSharedStack();
}
