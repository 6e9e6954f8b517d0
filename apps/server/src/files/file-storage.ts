import type { Readable } from 'node:stream';

// Where uploaded files' bytes live: one interface, two drivers (local disk, S3-compatible), chosen
// by STORAGE_DRIVER. Keys are made by the server (`<workspace id>/<file id>`), never from a client's
// input, and every driver refuses any other shape, so no key can climb out of its directory or
// bucket prefix. The injection token is this abstract class (as AppConfig).
export abstract class FileStorage {
  // Stores `size` bytes read from `body` under `key` (replacing nothing: keys are new uuids).
  abstract put(key: string, body: Readable, size: number, mime: string): Promise<void>;
  // The bytes under `key`, or null when there are none.
  abstract get(key: string): Promise<Readable | null>;
  // Deletes the bytes under `key`; deleting what is not there is not an error.
  abstract delete(key: string): Promise<void>;
  // Releases the driver's connections at shutdown (S3's HTTP agent); nothing for the local disk.
  destroy?(): void;
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function fileKey(workspaceId: string, fileId: string): string {
  return checkedKey(`${workspaceId}/${fileId}`);
}

export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Not a file storage key: ${JSON.stringify(key)}`);
  return key;
}
