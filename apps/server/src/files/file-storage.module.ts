import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { FileRepository } from './file.repository.js';
import { FileStorage } from './file-storage.js';
import { LocalFileStorage } from './local-file.storage.js';

// The S3 driver (and the AWS SDK: ~20 MB of RSS in each process) is loaded only when it is the one
// configured.
export async function createFileStorage(config: AppConfig): Promise<FileStorage> {
  if (config.STORAGE_DRIVER === 's3') {
    const { S3FileStorage } = await import('./s3-file.storage.js');
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
    this.storage.destroy?.();
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
