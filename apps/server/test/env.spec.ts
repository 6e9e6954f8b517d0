import { EnvError, loadEnv } from '../src/config/env.js';

const valid = { DATABASE_URL: 'postgresql://u@localhost:5432/db', REDIS_URL: 'redis://localhost:6379/0' };

describe('loadEnv', () => {
  it('accepts a minimal environment and fills defaults', () => {
    const env = loadEnv(valid);
    expect(env.PORT).toBe(4000);
    expect(env.REDIS_PREFIX).toBe('tandem');
    expect(env.WEB_ORIGIN).toEqual(['http://localhost:3000']);
  });

  it('names every missing or malformed variable', () => {
    let error: unknown;
    try {
      loadEnv({ DATABASE_URL: 'mysql://x', PORT: '99999', WEB_ORIGIN: 'not a url' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.join('\n');
    expect(problems).toMatch(/DATABASE_URL must be a URL starting with postgres/);
    expect(problems).toMatch(/REDIS_URL is required/);
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/WEB_ORIGIN/);
  });

  it('parses a comma-separated WEB_ORIGIN list', () => {
    expect(loadEnv({ ...valid, WEB_ORIGIN: 'https://a.example, https://b.example' }).WEB_ORIGIN).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
