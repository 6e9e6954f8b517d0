import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver: a real S3-protocol server (signed requests, XML, multipart, errors), files on disk.
// @ts-expect-error -- s3rver ships no type declarations
import S3rver from 's3rver';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export interface TestS3 {
  endpoint: string;
  bucket: string;
  // s3rver's fixed credentials (it checks signatures made with them).
  accessKeyId: string;
  secretAccessKey: string;
  // Where s3rver keeps the objects: `<dir>/<bucket>/<key>._S3rver_object`.
  dir: string;
  stop(): Promise<void>;
}

// Starts s3rver on a free loopback port with one empty bucket.
export async function startS3(bucket = 'tandem-files'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-s3rver-'));
  const server = new (S3rver as new (options: object) => S3rverInstance)({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
