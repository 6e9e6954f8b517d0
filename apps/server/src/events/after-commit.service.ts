import { Injectable, Logger } from '@nestjs/common';
import type { AuditEntry } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { RealtimeMessage } from './realtime-channels.js';
import { RealtimeEventsRepository } from './realtime-events.repository.js';

export interface AfterCommitWork {
  // The audit row of the change, if it is one we audit.
  audit?: AuditEntry;
  // What other server instances must hear, in order.
  publish?: readonly RealtimeMessage[];
}

// The tail of every REST change, "write → audit → publish", called once the write has committed.
// The audit row comes first, so a listener that reacts to the message finds it. A failed audit
// insert is logged, not thrown: the change is committed, and answering 500 would tell the client it
// failed (so it retries a change that happened). Publishing is best effort as well: a
// lost message only delays what the gateway re-checks on its own anyway (every join authorizes
// afresh, every tree is refetched on reconnect), so a failure is logged, never thrown.
@Injectable()
export class AfterCommit {
  private readonly logger = new Logger(AfterCommit.name);

  constructor(
    private readonly audit: AuditService,
    private readonly events: RealtimeEventsRepository,
  ) {}

  async run(work: AfterCommitWork): Promise<void> {
    if (work.audit) {
      try {
        await this.audit.record(work.audit);
      } catch (err) {
        this.logger.error(`audit row not written (${work.audit.action} ${work.audit.targetType} ${work.audit.targetId ?? ''}): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const message of work.publish ?? []) await this.publish(message);
  }

  private async publish({ channel, payload }: RealtimeMessage): Promise<void> {
    try {
      await this.events.publish(channel, payload);
    } catch (err) {
      this.logger.warn(`could not publish ${channel}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
