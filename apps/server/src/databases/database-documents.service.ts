import { Injectable } from '@nestjs/common';
import { streamIdAtLeast } from '@tandem/protocol';
import * as Y from 'yjs';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { type CachedDocument, DocumentCache } from './database-document-cache.js';

// How far a read of a page's document reached: the persisted state's stream position, and the
// last stream entry applied after it (null: there was none).
export interface ReadPoint {
  persistedUpTo: string | null;
  lastEntryId: string | null;
}

// What an edit lent the document did: its answer, and the stream id of the update it stored (null:
// it stored nothing).
export interface LentEdit<T> {
  value: T;
  storedAs: string | null;
}

// Stream entries one read applies at most (a longer backlog than this is the worker's problem).
const MAX_ENTRIES = 1_000_000;

// A database page's document as it is now: the persisted state plus the stream entries after it
// (ARCHITECTURE invariant 2), so a row added a moment ago and not yet persisted is found.
//
// Applying a 10,000-row state costs seconds of CPU, so REST reads and edits borrow a copy kept in
// this process (`read`, `edit`) and caught up with only the stream entries written since
// (docs/DECISIONS.md, database document cache). The copy is used only when the stream proves it
// is a prefix of the document as it is now (`catchUp`); any doubt reads the whole document again.
@Injectable()
export class DatabaseDocuments {
  private readonly cache: DocumentCache;
  // Per page, the tail of the uses waiting for its document: one at a time, as the document is
  // taken out of the cache while in use.
  private readonly turns = new Map<string, Promise<void>>();
  // How documents were read (for tests and benchmarks): caught up from the cache, or read whole.
  readonly reads = { caughtUp: 0, whole: 0 };

  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    config: AppConfig,
  ) {
    this.cache = new DocumentCache(config.DATABASE_DOCUMENT_CACHE_BYTES);
  }

  // The document lent to `use`, which must not change it and must not keep it (or anything live
  // in it) after returning.
  read<T>(pageId: string, use: (doc: Y.Doc, read: ReadPoint) => T): Promise<T> {
    return this.lend(pageId, async (doc, read) => ({ value: use(doc, read), storedAs: null }));
  }

  // The document lent to `edit`, which may change it, and store the change (returning its stream
  // id). Why this cannot corrupt the cached copy: the copy is taken out of the cache for the
  // edit, so nobody else reads it meanwhile, and put back only if it is still a prefix of the
  // document as it is now: unchanged, or changed by exactly an update now in the stream (its id
  // kept in `ahead`, which the next catch-up must find, or the copy is dropped: Redis may lose it).
  // A change applied but not stored (a failed check, a refused size, a failed store, a held edit)
  // is in no one else's document, so the copy is destroyed and the next use reads the whole
  // document again. Yjs cannot roll a change back, and copying the document for each edit costs
  // as much as reading it.
  // `bytes`: the encoded bytes read into the document (state and entries), at least about its
  // encoded size.
  edit<T>(pageId: string, edit: (doc: Y.Doc, read: ReadPoint, bytes: number) => Promise<LentEdit<T>>): Promise<T> {
    return this.lend(pageId, edit);
  }

  // A private copy, read whole (the caller destroys it): for checks of what the cache serves.
  async current(pageId: string): Promise<Y.Doc> {
    return (await this.load(pageId)).doc;
  }

  // `current`, and how far it read.
  async load(pageId: string): Promise<{ doc: Y.Doc; read: ReadPoint }> {
    const entry = await this.readWhole(pageId);
    return { doc: entry.doc, read: { persistedUpTo: entry.persistedUpTo, lastEntryId: entry.lastEntryId } };
  }

  get cached(): { pages: number; bytes: number } {
    return this.cache.size;
  }

  // Whether the page's document is still what that read found, for two cheap reads instead of a
  // whole apply. Every write reaches the stream (server edits, restores and clients' updates
  // alike; the persist only folds stream entries into the state), so: its newest entry is still
  // the last one the read applied, or, when the read applied none, the persisted state is the
  // same and nothing came after it. A stream that lost entries (Redis, invariant 9) no longer
  // ends there, so doubt answers "changed" and the caller reads again.
  async unchangedSince(pageId: string, read: ReadPoint): Promise<boolean> {
    const [persisted, newest] = await Promise.all([this.documents.persistedPositions([pageId]), this.stream.lastId(pageId)]);
    if (read.lastEntryId !== null) return newest === read.lastEntryId;
    return persisted.has(pageId) && persisted.get(pageId) === read.persistedUpTo && (newest === null || newest === read.persistedUpTo);
  }

  private lend<T>(pageId: string, work: (doc: Y.Doc, read: ReadPoint, bytes: number) => Promise<LentEdit<T>>): Promise<T> {
    return this.inTurn(pageId, async () => {
      const entry = await this.upToDate(pageId);
      let touched = false;
      const onUpdate = () => void (touched = true);
      entry.doc.on('update', onUpdate);
      let keep = false;
      try {
        const { value, storedAs } = await work(entry.doc, { persistedUpTo: entry.persistedUpTo, lastEntryId: entry.lastEntryId }, entry.bytes);
        if (storedAs !== null) entry.ahead.push(storedAs);
        keep = !touched || storedAs !== null;
        return value;
      } catch (err) {
        keep = !touched;
        throw err;
      } finally {
        entry.doc.off('update', onUpdate);
        if (keep) this.cache.put(pageId, entry);
        else entry.doc.destroy();
      }
    });
  }

  private async upToDate(pageId: string): Promise<CachedDocument> {
    const cached = this.cache.take(pageId);
    if (cached) {
      let current = false;
      try {
        current = await this.catchUp(pageId, cached);
      } finally {
        if (!current) cached.doc.destroy();
      }
      if (current) {
        this.reads.caughtUp += 1;
        return cached;
      }
    }
    this.reads.whole += 1;
    return this.readWhole(pageId);
  }

  // Brings `cached` up to date with the stream entries written since it was read, if it can prove
  // that this gives the document as it is now (true); otherwise changes nothing (false).
  //
  // The proof: the document now is state(P1) + the entries after P1 (P1: the row's persistedUpTo).
  // `cached` is state(P) + the entries after P up to A (its lastEntryId). Redis never adds an
  // entry before the newest one and only ever removes the oldest ones (a trim) or a newest part
  // or all of it (data loss, invariant 9), so if A is still in the stream, every entry up to A we
  // applied is still what anyone reads there, and the entries after A are the ones we lack
  // (continuity). Then:
  // - P1 = P: the document is state(P) + the entries after P: ours plus the ones after A. (With
  //   nothing applied after P, the entries after P are simply the ones to apply.)
  // - P1 moved on: the worker folded the entries (P, P1] into state(P1); we have them iff P1 is an
  //   entry we applied (at or before A, or among those read now), read continuously.
  // Anything else (P1 went back or is an entry we never saw, A missing: trimmed past us or lost,
  // an update we stored missing, the page gone) is doubt. The stream is read before the row, so a
  // persist and trim between the two reads shows as a moved P1, never as entries missing quietly.
  private async catchUp(pageId: string, cached: CachedDocument): Promise<boolean> {
    const anchor = cached.lastEntryId ?? cached.persistedUpTo ?? '0-0';
    const read = await this.stream.readFrom(pageId, anchor, MAX_ENTRIES);
    const positions = await this.documents.persistedPositions([pageId]);
    if (!positions.has(pageId) || read.length >= MAX_ENTRIES) return false;
    const persistedUpTo = positions.get(pageId) ?? null;
    const continuous = read[0]?.id === anchor;
    const entries = continuous ? read.slice(1) : read;
    const lastEntryId = entries.at(-1)?.id ?? cached.lastEntryId;
    if (persistedUpTo === cached.persistedUpTo) {
      if (!continuous && cached.lastEntryId !== null) return false;
    } else {
      const applied = (id: string) => (cached.lastEntryId !== null && streamIdAtLeast(cached.lastEntryId, id)) || entries.some((e) => e.id === id);
      const movedOn = persistedUpTo !== null && (cached.persistedUpTo === null || !streamIdAtLeast(cached.persistedUpTo, persistedUpTo));
      if (!continuous || !movedOn || !applied(persistedUpTo)) return false;
    }
    if (!cached.ahead.every((id) => entries.some((e) => e.id === id))) return false;
    for (const entry of entries) {
      Y.applyUpdate(cached.doc, entry.update);
      cached.bytes += entry.update.byteLength;
    }
    cached.persistedUpTo = persistedUpTo;
    // Caught up exactly to the persisted state: say so, as a whole read would.
    cached.lastEntryId = lastEntryId === persistedUpTo ? null : lastEntryId;
    cached.ahead = [];
    return true;
  }

  private async readWhole(pageId: string): Promise<CachedDocument> {
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', MAX_ENTRIES);
    const doc = new Y.Doc();
    let bytes = 0;
    if (row) {
      Y.applyUpdate(doc, row.state);
      bytes += row.state.byteLength;
    }
    for (const entry of entries) {
      Y.applyUpdate(doc, entry.update);
      bytes += entry.update.byteLength;
    }
    return { doc, persistedUpTo: row?.persistedUpTo ?? null, lastEntryId: entries.at(-1)?.id ?? null, ahead: [], bytes };
  }

  private inTurn<T>(pageId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.turns.get(pageId) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(pageId, settled);
    void settled.then(() => {
      if (this.turns.get(pageId) === settled) this.turns.delete(pageId);
    });
    return run;
  }
}
