import { Injectable, Logger } from '@nestjs/common';
import { yDocToText } from '@tandem/editor';
import * as Y from 'yjs';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from './document-stream.repository.js';
import { DocumentRepository } from './document.repository.js';
import { PersistQueueRepository } from './persist-queue.repository.js';
import { SavedEventsRepository } from './saved-events.repository.js';

// How many stream entries one persist run merges; a longer backlog is taken by the next run.
const BATCH = 10_000;

export type PersistOutcome = { kind: 'nothing' } | { kind: 'persisted'; upTo: string; updates: number } | { kind: 'page_gone' };

// The worker's persist job: persisted state + stream entries after it, merged in a Y.Doc, written
// with a guard on persistedUpTo, then the stream trimmed (with a margin) and the room told.
@Injectable()
export class DocumentPersistService {
  private readonly logger = new Logger(DocumentPersistService.name);

  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly queue: PersistQueueRepository,
    private readonly saved: SavedEventsRepository,
    private readonly config: AppConfig,
  ) {}

  async persist(pageId: string): Promise<PersistOutcome> {
    const row = await this.documents.find(pageId);
    const from = row?.persistedUpTo ?? '0-0';
    const entries = await this.stream.readAfter(pageId, from, BATCH);
    if (entries.length === 0) return { kind: 'nothing' };

    const doc = new Y.Doc({ gc: true });
    try {
      if (row) Y.applyUpdate(doc, row.state);
      for (const entry of entries) {
        try {
          Y.applyUpdate(doc, entry.update);
        } catch (err) {
          // The gateway checks every update's structure, so this is not expected; one bad entry must
          // not block the page's persistence forever.
          this.logger.error(`Skipping stream entry ${entry.id} of page ${pageId}: ${(err as Error).message}`);
        }
      }
      if (doc.store.pendingStructs || doc.store.pendingDs) {
        // Entries that depend on an update the stream never received. Nothing is lost: the encoded
        // state keeps pending structs, and they integrate once the missing update arrives (a
        // client's next handshake re-sends it); until then they are not in Document.text.
        this.logger.warn(`Page ${pageId} has updates waiting for a missing earlier update (kept in the state)`);
      }
      const upTo = entries[entries.length - 1]!.id;
      const snapshotDue = this.snapshotDue((row?.updatesSinceSnapshot ?? 0) + entries.length, row?.lastSnapshotAt ?? null);
      const state = Y.encodeStateAsUpdate(doc);
      const result = await this.documents.guardedWrite(pageId, row ? from : null, {
        state,
        stateVector: Y.encodeStateVector(doc),
        persistedUpTo: upTo,
        text: this.plainText(doc, pageId),
        updates: entries.length,
        snapshotDue,
      });
      if (result === 'page_gone') {
        await this.stream.remove(pageId);
        return { kind: 'page_gone' };
      }
      if (result === 'stale') {
        // Another run moved persistedUpTo first (only possible across a crash/stall); throwing makes
        // BullMQ retry, and the retry starts from the newer row.
        throw new Error(`persistedUpTo of page ${pageId} moved during the merge; retrying`);
      }

      await this.stream.trimBefore(pageId, this.trimBound(upTo));
      await this.saved.publish({ pageId, upTo });
      if (snapshotDue) await this.queue.snapshot(pageId);
      // Entries that arrived while this run merged are normally covered by the gateway's next job;
      // re-queueing here also covers a gateway that died before queueing it.
      const last = await this.stream.lastId(pageId);
      if (last && last !== upTo) await this.queue.persist(pageId, entries.length === BATCH ? 0 : this.config.PERSIST_INTERVAL_MS);
      return { kind: 'persisted', upTo, updates: entries.length };
    } finally {
      doc.destroy();
    }
  }

  async snapshot(pageId: string): Promise<boolean> {
    return this.documents.snapshot(pageId, this.config.SNAPSHOT_RETENTION);
  }

  // An automatic version every N updates, or after M seconds of activity (this run is activity).
  private snapshotDue(updatesSinceSnapshot: number, lastSnapshotAt: Date | null): boolean {
    const dueByCount = updatesSinceSnapshot >= this.config.SNAPSHOT_EVERY_UPDATES;
    const dueByTime = !lastSnapshotAt || Date.now() - lastSnapshotAt.getTime() >= this.config.SNAPSHOT_EVERY_SECONDS * 1000;
    return dueByCount || dueByTime;
  }

  // Keep persisted entries newer than the margin: a join that read the row just before this write
  // still finds the entries after its (older) persistedUpTo in the stream.
  private trimBound(upTo: string): string {
    const ms = Number(upTo.split('-')[0]);
    return `${Math.max(0, ms - this.config.PERSIST_TRIM_MARGIN_MS)}-0`;
  }

  private plainText(doc: Y.Doc, pageId: string): string {
    try {
      return yDocToText(doc);
    } catch (err) {
      // Content outside the schema must not stop the state from being saved; search just lags.
      this.logger.warn(`Could not extract the text of page ${pageId}: ${(err as Error).message}`);
      return '';
    }
  }
}
