import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { FileRepository } from './file.repository.js';
import { FileStorage } from './file-storage.js';
import { LocalFileStorage } from './local-file.storage.js';
import { S3FileStorage } from './s3-file.storage.js';

export function createFileStorage(config: AppConfig): FileStorage {
  if (config.STORAGE_DRIVER === 's3') {
    return new S3FileStorage({
      bucket: config.STORAGE_S3_BUCKET!,
      region: config.STORAGE_S3_REGION,
      endpoint: config.STORAGE_S3_ENDPOINT,
      accessKeyId: config.STORAGE_S3_ACCESS_KEY_ID,
      secretAccessKey: config.STORAGE_S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.STORAGE_S3_FORCE_PATH_STYLE,
    });
  }
  return new LocalFileStorage(config.STORAGE_LOCAL_DIR);
}

class StorageShutdown implements OnApplicationShutdown {
  constructor(private readonly storage: FileStorage) {}
  onApplicationShutdown(): void {
    if (this.storage instanceof S3FileStorage) this.storage.destroy();
  }
}

// The storage driver STORAGE_DRIVER names and the File rows: shared by the API (uploads,
// downloads) and the worker (orphan collection).
@Module({
  providers: [
    { provide: FileStorage, inject: [AppConfig], useFactory: createFileStorage },
    { provide: StorageShutdown, inject: [FileStorage], useFactory: (s: FileStorage) => new StorageShutdown(s) },
    FileRepository,
  ],
  exports: [FileStorage, FileRepository],
})
export class FileStorageModule {}
