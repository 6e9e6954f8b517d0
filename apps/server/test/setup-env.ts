import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests run against the real test database and Redis that `npm test` prepared (scripts/test.mjs).
process.env.NODE_ENV ??= 'test';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/tandem_test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/1';
process.env.REDIS_PREFIX ??= 'tandem-test';
process.env.LOG_LEVEL ??= 'silent';
// Uploaded files of every suite go to the system's temporary directory, not the working tree.
process.env.STORAGE_LOCAL_DIR ??= join(tmpdir(), 'tandem-test-files');
// scrypt at OWASP's cost takes ~0.4 s a hash; suites sign up hundreds of accounts. Production keeps
// the default (17); password.spec.ts checks that default and the re-hash path.
process.env.AUTH_PASSWORD_COST ??= '14';
