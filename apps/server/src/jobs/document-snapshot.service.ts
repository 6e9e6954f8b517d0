import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { DocumentRepository } from '../documents/document.repository.js';

// The snapshot job: copies the page's persisted state into an automatic version and prunes the
// oldest beyond SNAPSHOT_RETENTION. The persist run that found it due already reset the counters
// in its own write, so this costs no Document write.
@Injectable()
export class DocumentSnapshotService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly config: AppConfig,
  ) {}

  snapshot(pageId: string): Promise<boolean> {
    return this.documents.snapshot(pageId, this.config.SNAPSHOT_RETENTION);
  }
}
