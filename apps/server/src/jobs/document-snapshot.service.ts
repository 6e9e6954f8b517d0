import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { RealtimeChannel } from '../events/realtime-channels.js';
import { RealtimeEventsRepository } from '../events/realtime-events.repository.js';

// The snapshot job: copies the page's persisted state into an automatic version and prunes the
// oldest beyond SNAPSHOT_RETENTION. The persist run that found it due already reset the counters
// in its own write, so this costs no Document write.
@Injectable()
export class DocumentSnapshotService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly config: AppConfig,
    private readonly events: RealtimeEventsRepository,
  ) {}

  // Open history panels list the new version (best effort: the panel also refetches on open).
  async snapshot(pageId: string): Promise<boolean> {
    const version = await this.documents.snapshot(pageId, this.config.SNAPSHOT_RETENTION);
    if (version) await this.events.publish(RealtimeChannel.PageVersionsChanged, { pageId, versionId: version.id }).catch(() => undefined);
    return version !== null;
  }
}
