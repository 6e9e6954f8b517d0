import { Injectable, Logger } from '@nestjs/common';
import { streamIdAtLeast } from '@tandem/protocol';
import type { ContinuityReport } from '../infra/redis-epoch.service.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';

// Which open pages lost updates this instance acknowledged, after Redis came back. A Redis that
// lost everything (new epoch) lost them on every page; one that only restarted (AOF everysec, a
// failover) may have lost its last writes, so each page's newest acked id must still be in its
// stream, or persisted (trimmed only after that). Anything it cannot tell counts as lost: a
// needless re-handshake costs one round trip, a missed one a lost edit. On a cluster each page is
// judged by its own shard's continuity: a shard that lost everything resyncs the open pages it holds,
// one that restarted has its acknowledged pages checked, and the other shards' pages are untouched.
@Injectable()
export class RedisHealService {
  private readonly logger = new Logger(RedisHealService.name);
  // Per page open on this instance: the newest stream id this instance acknowledged.
  private readonly acked = new Map<string, string>();

  constructor(
    private readonly stream: DocumentStreamRepository,
    private readonly documents: DocumentRepository,
  ) {}

  noteAcked(pageId: string, id: string): void {
    const before = this.acked.get(pageId);
    if (!before || streamIdAtLeast(id, before)) this.acked.set(pageId, id);
  }

  forget(pageId: string): void {
    this.acked.delete(pageId);
  }

  // The pages whose clients must re-run the handshake ('all': every open page), of the open pages
  // `openPages` names.
  async lostPages(report: ContinuityReport, openPages: () => readonly string[] = () => []): Promise<'all' | string[]> {
    if (report.overall === 'same') return [];
    if (report.overall === 'lost' && report.everywhere) {
      this.acked.clear();
      return 'all';
    }
    const lost = new Set<string>();
    for (const pageId of openPages()) if (report.forPage(pageId) === 'lost') lost.add(pageId);
    const toCheck: [string, string][] = [];
    for (const [pageId, id] of this.acked) {
      const continuity = report.forPage(pageId);
      if (continuity === 'lost') lost.add(pageId);
      else if (continuity === 'restarted') toCheck.push([pageId, id]);
    }
    for (const pageId of lost) this.acked.delete(pageId);
    const checks = toCheck.map(async ([pageId, id]) => ((await this.accountedFor(pageId, id)) ? null : pageId));
    for (const pageId of await Promise.all(checks)) if (pageId !== null) lost.add(pageId);
    if (lost.size) this.logger.warn(`Redis lost acknowledged updates of ${lost.size} page(s): their clients re-send them`);
    return [...lost];
  }

  private async accountedFor(pageId: string, id: string): Promise<boolean> {
    try {
      if (await this.stream.has(pageId, id)) return true;
      const row = await this.documents.find(pageId);
      return !!row && streamIdAtLeast(row.persistedUpTo, id);
    } catch {
      return false;
    }
  }
}
