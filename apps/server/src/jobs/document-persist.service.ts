import { Injectable, Logger } from '@nestjs/common';
import { isDatabaseDoc, observeDatabase } from '@tandem/database/ydoc';
import type { yDocToIndexable } from '@tandem/editor';
import * as Y from 'yjs';
import { DatabaseChanges } from '../databases/database-changes.js';
import { DatabaseDocCache, type PersistedPosition, positionOf, samePosition } from '../databases/database-doc-cache.js';
import { DatabaseMetaRepository } from '../databases/database-meta.repository.js';
import { AppConfig } from '../config/env.js';
import { documentEditor } from '../documents/document-editor.js';
import { DocumentStreamRepository, type StreamEntry } from '../documents/document-stream.repository.js';
import { DocumentRepository, type PersistRow, type PersistWrite } from '../documents/document.repository.js';
import { PersistQueueRepository } from '../documents/persist-queue.repository.js';
import { PageLinkRepository } from '../documents/page-link.repository.js';
import { RealtimeChannel } from '../events/realtime-channels.js';
import { RealtimeEventsRepository } from '../events/realtime-events.repository.js';
import { PersistMetrics } from '../metrics/persist.metrics.js';
import { annotateActiveSpan, Attr } from '../tracing/tracing.js';
import { afterPersisted } from './stream-continuity.js';

// How many stream entries one persist run merges; a longer backlog is taken by the next run.
const MAX_ENTRIES = 10_000;

export type PersistOutcome =
  | { kind: 'nothing' }
  | { kind: 'persisted'; upTo: string; updates: number }
  | { kind: 'page_gone' }
  // Another run moved persistedUpTo first (only possible across a crash/stall): the job retries
  // and starts from the newer row.
  | { kind: 'stale' };

interface Merge {
  pageId: string;
  row: PersistRow | null;
  upTo: string;
  // The oldest entry written: its id's time is when it was stored (and acked).
  firstId: string;
  updates: number;
  write: PersistWrite;
  // Redis lost entries since the last persist (see stream-continuity.ts).
  gap: boolean;
  // Pages the content links to (null when the content could not be read: links kept as they were).
  linkedPageIds: string[] | null;
  // The entries changed the database part of the document (issue 17): its projection is due.
  databaseChanged: boolean;
  // The document holds a database (its projected schema and views follow every persist).
  database: boolean;
  // The rows the entries changed; null when the schema changed too (every row is then re-projected).
  databaseRows: Set<string> | null;
  // The merged document of a database page, kept once written (for its projection and next persist).
  doc: Y.Doc | null;
}

// The worker's persist step for a batch of pages (the persist jobs it holds at once, see
// PersistBatcher): each page's persisted state + its stream entries after it, merged in a Y.Doc;
// then every page written in one guarded multi-row statement, the streams trimmed (with a margin)
// and the rooms told. Reads and Redis commands are issued together (auto-pipelined), so a batch
// costs a few round trips whatever its size.
@Injectable()
export class DocumentPersistService {
  private readonly logger = new Logger(DocumentPersistService.name);

  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly queue: PersistQueueRepository,
    private readonly events: RealtimeEventsRepository,
    private readonly links: PageLinkRepository,
    private readonly config: AppConfig,
    private readonly metrics: PersistMetrics,
    private readonly databaseMeta: DatabaseMetaRepository,
    private readonly databaseDocs: DatabaseDocCache,
    private readonly databaseChanges: DatabaseChanges,
  ) {}

  async persistMany(pageIds: readonly string[]): Promise<Map<string, PersistOutcome>> {
    // Until the merged documents are kept (or dropped), a projection of these pages waits for them.
    const merged = this.databaseDocs.merge(pageIds);
    try {
      return await this.persistBatch(pageIds);
    } finally {
      merged();
    }
  }

  private async persistBatch(pageIds: readonly string[]): Promise<Map<string, PersistOutcome>> {
    const outcomes = new Map<string, PersistOutcome>();
    this.metrics.batchPages.observe(pageIds.length);
    // The merged documents this worker kept (database pages): taken now, so nothing else reads one
    // while this run merges into it; used only if the row is still at the document's position.
    const held = new Map<string, { doc: Y.Doc; position: PersistedPosition }>();
    for (const pageId of pageIds) {
      const kept = this.databaseDocs.takeAny(pageId);
      if (kept) held.set(pageId, kept);
    }
    const rows = await this.documents.findForPersist(pageIds, new Map([...held].map(([pageId, { position }]) => [pageId, position])));
    const docs = new Map<string, Y.Doc>();
    for (const [pageId, { doc, position }] of held) {
      const row = rows.get(pageId);
      if (row && samePosition(position, positionOf(row))) docs.set(pageId, doc);
      else doc.destroy();
    }
    // Read without its state for a kept document whose state vector then differed (not expected:
    // persistedUpTo and size matched): read again, state and all.
    for (const [pageId, row] of rows) {
      if (row.state || docs.has(pageId)) continue;
      const again = await this.documents.find(pageId);
      if (again) rows.set(pageId, { ...again, size: again.state.byteLength });
      else rows.delete(pageId);
    }
    const upTo = (pageId: string) => rows.get(pageId)?.persistedUpTo ?? '0-0';
    const backlogs = await Promise.all(pageIds.map((pageId) => this.stream.readFrom(pageId, upTo(pageId), MAX_ENTRIES + 1)));
    const { yDocToIndexable: toIndexable } = await documentEditor();
    const merges: Merge[] = [];
    const gaps: string[] = [];
    pageIds.forEach((pageId, i) => {
      const { entries, gap } = afterPersisted(upTo(pageId), backlogs[i]!);
      const doc = docs.get(pageId) ?? null;
      if (entries.length > 0) {
        this.metrics.mergedInto.inc({ document: doc ? 'kept' : 'state' });
        merges.push(this.merge(pageId, rows.get(pageId) ?? null, doc, entries.slice(0, MAX_ENTRIES), gap, toIndexable));
      } else {
        // Unchanged: still the document of the row's position.
        const row = rows.get(pageId);
        if (doc && row) this.databaseDocs.giveBack(pageId, positionOf(row), doc);
        outcomes.set(pageId, { kind: 'nothing' });
        if (gap) gaps.push(pageId);
      }
    });
    if (gaps.length) {
      this.logger.warn(`Redis lost the persisted stream position of ${gaps.length} page(s); their clients re-send what is missing`);
      await Promise.all(gaps.map((pageId) => this.events.publish(RealtimeChannel.PageResync, { pageId })));
    }

    // Every page has a row from its creation, so one statement writes them all; a page without
    // one (made before rows came with pages) is created on its own.
    const withRow = merges.filter((m) => m.row);
    const writeStarted = performance.now();
    const written = await this.documents.guardedWriteMany(withRow.map((m) => ({ pageId: m.pageId, expectedUpTo: m.row!.persistedUpTo, write: m.write })));
    const committedAt = Date.now();
    if (withRow.length) this.metrics.writeSeconds.observe((performance.now() - writeStarted) / 1000);
    for (const m of merges) {
      const result = m.row ? (written.has(m.pageId) ? 'written' : 'stale') : await this.documents.guardedWrite(m.pageId, null, m.write);
      if (result === 'written') this.metrics.lagSeconds.observe(Math.max(0, (m.row ? committedAt : Date.now()) - Number(m.firstId.split('-')[0])) / 1000);
      if (result === 'page_gone') {
        await this.stream.remove(m.pageId);
        outcomes.set(m.pageId, { kind: 'page_gone' });
      } else if (result === 'stale') outcomes.set(m.pageId, { kind: 'stale' });
      else outcomes.set(m.pageId, { kind: 'persisted', upTo: m.upTo, updates: m.updates });
    }
    const persisted = merges.filter((m) => outcomes.get(m.pageId)?.kind === 'persisted');
    for (const m of merges) if (m.doc && outcomes.get(m.pageId)?.kind !== 'persisted') m.doc.destroy();
    annotateActiveSpan({
      [Attr.PersistedPages]: persisted.length,
      [Attr.PersistUpdates]: persisted.reduce((n, m) => n + m.updates, 0),
      [Attr.StateBytes]: persisted.reduce((n, m) => n + m.write.state.byteLength, 0),
    });
    // Backlinks follow the content saved (search's vector follows Document.text by trigger).
    await this.links.replaceOutgoing(persisted.flatMap((m) => (m.linkedPageIds ? [{ sourceId: m.pageId, targetIds: m.linkedPageIds }] : [])));
    // Before the projection is queued (afterWrite): what it may re-project alone, and the document.
    for (const m of persisted) {
      if (!m.database) continue;
      const from = m.row && positionOf(m.row);
      const to = { upTo: m.upTo, size: m.write.state.byteLength, stateVector: m.write.stateVector };
      this.databaseChanges.persisted(m.pageId, from, to, m.databaseRows);
      if (m.doc) this.databaseDocs.keep(m.pageId, to, m.doc);
    }
    await Promise.all(persisted.map((m) => this.afterWrite(m)));
    return outcomes;
  }

  // `held`: the document as persisted at the row's position (kept by this worker's last persist of
  // the page), merged into instead of applying the row's state into a new one.
  private merge(pageId: string, row: PersistRow | null, held: Y.Doc | null, entries: readonly StreamEntry[], gap: boolean, toIndexable: typeof yDocToIndexable): Merge {
    const doc = held ?? new Y.Doc({ gc: true });
    let keep = false;
    try {
      if (row && !held) Y.applyUpdate(doc, row.state!);
      // Only the entries' changes count: a page whose database part nobody touched costs no projection.
      let databaseChanged = false;
      let databaseRows: Set<string> | null = new Set<string>();
      const stopObserving = observeDatabase(doc, (change) => {
        databaseChanged = true;
        if (change.properties) databaseRows = null;
        else if (databaseRows) for (const id of change.rows) databaseRows.add(id);
      });
      for (const entry of entries) {
        try {
          Y.applyUpdate(doc, entry.update);
        } catch (err) {
          // The gateway checks every update's structure, so this is not expected; one bad entry must
          // not block the page's persistence forever.
          this.logger.error(`Skipping stream entry ${entry.id} of page ${pageId}: ${(err as Error).message}`);
        }
      }
      stopObserving();
      if (doc.store.pendingStructs || doc.store.pendingDs) {
        // Entries that depend on an update the stream never received. Nothing is lost: the encoded
        // state keeps pending structs, and they integrate once the missing update arrives (a
        // client's next handshake re-sends it); until then they are not in Document.text.
        this.logger.warn(`Page ${pageId} has updates waiting for a missing earlier update (kept in the state)`);
      }
      const upTo = entries[entries.length - 1]!.id;
      const authorIds = [...new Set(entries.flatMap((e) => (e.authorId ? [e.authorId] : [])))];
      const state = Y.encodeStateAsUpdate(doc);
      const indexable = this.indexable(doc, pageId, toIndexable);
      const database = isDatabaseDoc(doc);
      keep = database;
      return {
        pageId,
        row,
        upTo,
        firstId: entries[0]!.id,
        updates: entries.length,
        gap,
        linkedPageIds: indexable?.linkedPageIds ?? null,
        databaseChanged,
        database,
        databaseRows,
        // Not written after this run: the next persist takes it back from the cache first.
        doc: keep ? doc : null,
        write: {
          state,
          stateVector: Y.encodeStateVector(doc),
          persistedUpTo: upTo,
          text: indexable?.text ?? '',
          firstImage: indexable?.firstImage ?? null,
          updates: entries.length,
          authorIds,
          snapshotDue: this.snapshotDue((row?.updatesSinceSnapshot ?? 0) + entries.length, row?.lastSnapshotAt ?? null),
        },
      };
    } finally {
      if (!keep) doc.destroy();
    }
  }

  // Trim, tell the room, maybe a snapshot; entries that arrived while this run merged are normally
  // covered by the gateway's next job, and re-queueing here also covers a gateway that died before
  // queueing it. The commands are sent together (auto-pipelined: one round trip, in this order on
  // the connection, so "resync" still precedes "saved"): awaited one by one, they were 4-5 round
  // trips holding the job's worker slot, and under load the slots, not the CPU, bounded how many
  // pages were written per second (the worker 77 % idle while 134 persist jobs waited).
  private async afterWrite(m: Merge): Promise<void> {
    if (m.gap) this.logger.warn(`Page ${m.pageId}: Redis lost stream entries before ${m.upTo}; its clients re-send what is missing`);
    const [, , , , , , last] = await Promise.all([
      this.stream.trimBefore(m.pageId, this.trimBound(m.upTo)),
      m.gap ? this.events.publish(RealtimeChannel.PageResync, { pageId: m.pageId }) : null,
      this.events.publish(RealtimeChannel.PageSaved, { pageId: m.pageId, upTo: m.upTo }),
      m.write.snapshotDue ? this.queue.snapshot(m.pageId) : null,
      m.databaseChanged ? this.queue.projectDatabase(m.pageId) : null,
      // A database page saved without touching its database part: its projected schema and views
      // are still current, and GET /databases/:id keeps reading them instead of the document.
      m.database && !m.databaseChanged && m.row ? this.databaseMeta.advance(m.pageId, m.row.persistedUpTo, m.upTo) : null,
      this.stream.lastId(m.pageId),
    ]);
    if (last && last !== m.upTo) await this.queue.persist(m.pageId, m.updates === MAX_ENTRIES ? 0 : this.nextPersistDelay(m.upTo));
  }

  // The entries after `upTo` arrived after its time, so they are due one interval after it. A
  // full interval from now instead (as before) made this backstop job absorb the scheduler's
  // "due now" job of the next interval (one job per page is kept while it waits), so a busy page
  // was written every interval + persist time, and a word typed then waited up to 2 s + two
  // persists to be saved and searchable (indexing lag p99 3.4 s at 300 updates/s).
  private nextPersistDelay(upTo: string): number {
    const storedAt = Number(upTo.split('-')[0]);
    return Math.max(0, Math.min(this.config.PERSIST_INTERVAL_MS, storedAt + this.config.PERSIST_INTERVAL_MS - Date.now()));
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

  // The text for search, the links for backlinks and the first image for gallery covers, from one
  // conversion of the document.
  private indexable(doc: Y.Doc, pageId: string, toIndexable: typeof yDocToIndexable): ReturnType<typeof yDocToIndexable> | null {
    try {
      return toIndexable(doc);
    } catch (err) {
      // Content outside the schema must not stop the state from being saved; search just lags.
      this.logger.warn(`Could not extract the text of page ${pageId}: ${(err as Error).message}`);
      return null;
    }
  }
}
