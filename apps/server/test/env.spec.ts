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

  it('selects one Redis by default and a Redis Cluster with REDIS_CLUSTER=true (database 0 only, seeds as host:port)', () => {
    expect(loadEnv(valid)).toMatchObject({ REDIS_CLUSTER: false, REDIS_CLUSTER_NODES: [] });
    expect(loadEnv({ ...valid, REDIS_URL: 'redis://:pw@10.0.0.1:7000', REDIS_CLUSTER: 'true', REDIS_CLUSTER_NODES: '10.0.0.2:7000, redis-3:7001' })).toMatchObject({
      REDIS_CLUSTER: true,
      REDIS_CLUSTER_NODES: ['10.0.0.2:7000', 'redis-3:7001'],
    });
    expect(() => loadEnv({ ...valid, REDIS_URL: 'redis://localhost:7000/3', REDIS_CLUSTER: 'true' })).toThrow(/REDIS_URL must name no database/);
    expect(() => loadEnv({ ...valid, REDIS_CLUSTER: 'true', REDIS_CLUSTER_NODES: 'redis://a:7000' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadEnv({ ...valid, REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(/REDIS_CLUSTER_NODES needs REDIS_CLUSTER=true/);
  });

  it('parses a comma-separated WEB_ORIGIN list', () => {
    expect(loadEnv({ ...valid, WEB_ORIGIN: 'https://a.example, https://b.example' }).WEB_ORIGIN).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('stores files on local disk by default and needs a bucket for S3', () => {
    const env = loadEnv(valid);
    expect(env.STORAGE_DRIVER).toBe('local');
    expect(env.STORAGE_LOCAL_DIR).toBe('./data/files');
    expect(env.STORAGE_MAX_FILE_BYTES).toBe(25 * 1024 * 1024);
    expect(() => loadEnv({ ...valid, STORAGE_DRIVER: 's3' })).toThrow(/STORAGE_S3_BUCKET is required when STORAGE_DRIVER=s3/);
    expect(loadEnv({ ...valid, STORAGE_DRIVER: 's3', STORAGE_S3_BUCKET: 'files', STORAGE_S3_FORCE_PATH_STYLE: 'true' })).toMatchObject({ STORAGE_S3_BUCKET: 'files', STORAGE_S3_FORCE_PATH_STYLE: true });
    expect(() => loadEnv({ ...valid, STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
  });
});
