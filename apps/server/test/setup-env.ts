// Tests run against the real test database and Redis that `npm test` prepared (scripts/test.mjs).
process.env.NODE_ENV ??= 'test';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/tandem_test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/1';
process.env.REDIS_PREFIX ??= 'tandem-test';
process.env.LOG_LEVEL ??= 'silent';
