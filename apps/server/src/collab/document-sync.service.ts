import { Injectable } from '@nestjs/common';
import { CollabErrorCode, streamIdAtLeast } from '@tandem/protocol';
import * as Y from 'yjs';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { ClientOwnerRepository } from '../documents/client-owner.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { PersistScheduler } from '../documents/persist.scheduler.js';
import { CollabFailure } from './collab-failure.js';
import { MergeQueueFull, UpdateMerger } from './update-merger.js';
import { PageClocks, updateShape, type UpdateShape } from './page-clocks.js';

export interface Handshake {
  update: Uint8Array;
  stateVector: Uint8Array;
  savedUpTo: string;
  // The stream id the answered state goes up to.
  upTo: string;
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());
// Stream entries read per round trip while loading a page. Redis runs the packing script alone,
// so every other page's XADD and PUBLISH waits for the call under way: at 5,000 entries a call held
// Redis ~20-70 ms (INFO commandstats), at 1,000 a fifth of that, for the same total work (the
// merge thread applies one page while the next is read). A load reads READ_PAGE first (a warm
// join's whole read), then twice as many per call up to MAX_READ_PAGE: a cold 40,000-entry join
// makes 12 round trips instead of 41, each of which waited for a core on a busy machine.
const READ_PAGE = 1_000;
const MAX_READ_PAGE = 4_000;
// Updates this instance stores into an open page before it folds them into the page's cached state
// in the background (see compact): a join then reads at most about this many entries.
const COMPACT_AFTER = READ_PAGE;

const busy = () => new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The server is busy loading pages; retrying.');

// A page some socket of this instance is in: its document size (for the size limit) and the last
// handshake's merged state, so the next join reads only the stream entries after it.
interface OpenPage {
  sockets: number;
  bytes: number;
  // The page's size limit (maxDocumentBytes: a database's is larger).
  maxBytes: number;
  cache: JoinCache | null;
  loading: Loading | null;
  // Bumped when Redis lost data: a load that started before must not become the cache.
  generation: number;
  // Known clock per client id (update_gap), and who introduced each client id (null: not read).
  clocks: PageClocks;
  clocksLoaded: boolean;
  clocksReadAt: number;
  owners: Map<number, string> | null;
  // Client ids bound here while Postgres was away, their claims still to be stored.
  provisional: Map<number, string>;
  // Updates admitted after the one being checked slowly wait for it.
  gate: Promise<void> | null;
  // Deletions were admitted since the size was last measured.
  shrunk: boolean;
  // Updates this instance stored into the page since its last load began, and the newest one's
  // stream id (see compact).
  stored: number;
  lastStored: string | null;
}

// A load under way, numbered in the order loads start: a handshake may share only one that started
// after it did (see handshake).
interface Loading {
  started: number;
  done: Promise<JoinCache>;
  // A background fold (see compact): nobody shares it, since it reads without the fence and only
  // up to a given entry.
  fold: boolean;
}

interface JoinCache {
  state: Uint8Array;
  stateVector: Uint8Array;
  // Every stream entry up to this id is in `state`.
  cursor: string;
  savedUpTo: string;
  readAt: number;
}

// The document side of the gateway. A page's truth is its Postgres row plus the stream entries
// after its persistedUpTo, so any server instance can answer a handshake. Per page this instance
// has sockets in, it keeps the size and the merged state bytes of the last handshake (never a
// Y.Doc; merges run on UpdateMerger's threads); nothing for other pages.
@Injectable()
export class DocumentSyncService {
  private readonly pages = new Map<string, OpenPage>();
  // How many loads have started (numbers them).
  private loadsStarted = 0;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly scheduler: PersistScheduler,
    private readonly config: AppConfig,
    private readonly merger: UpdateMerger,
    private readonly owners: ClientOwnerRepository,
  ) {}

  // Handshake step 2: what the client lacks (from its state vector) and the server's state vector.
  // The merge and a big diff run on the merge threads (invariant 11); a fresh client (empty state
  // vector) gets the merged state itself, and a page already open here starts from its cached state.
  async handshake(pageId: string, clientStateVector: Uint8Array): Promise<Handshake> {
    let fresh: boolean;
    try {
      fresh = Y.decodeStateVector(clientStateVector).size === 0;
    } catch {
      throw new CollabFailure(CollabErrorCode.ValidationFailed, 'stateVector is not a Yjs state vector.');
    }
    // The socket is in the page's room now. An update broadcast before it joined reached it only if
    // its stream entry is in what this handshake reads, so only a load started from here on will do:
    // an earlier one may have read the stream before that update's entry.
    const base = await this.load(pageId, false, this.loadsStarted);
    let update: Uint8Array;
    try {
      update = fresh ? base.state : await this.merger.diff(base.state, clientStateVector);
    } catch (err) {
      if (err instanceof MergeQueueFull) throw busy();
      throw new CollabFailure(CollabErrorCode.ValidationFailed, 'stateVector is not a Yjs state vector.');
    }
    return { update, stateVector: base.stateVector, savedUpTo: base.savedUpTo, upTo: base.cursor };
  }

  // The page's current state: the cached one plus the entries after it, or the row plus the
  // entries after it. Callers that arrive while it loads share that load; a handshake (`after`: the
  // number of loads started when it began) shares only a load started since, and otherwise waits
  // for the one under way, whose result (the cache) makes its own load a short read.
  // `remeasure`: merge even when nothing new is in the stream (the size after deletions).
  // `foldUntil`: a background fold of the entries up to this id (see compact).
  private load(pageId: string, remeasure = false, after = -1, foldUntil?: string): Promise<JoinCache> {
    const open = this.pages.get(pageId);
    if (open?.loading) {
      if (open.loading.started > after && !open.loading.fold) return open.loading.done;
      return open.loading.done.then(
        () => this.load(pageId, remeasure, after, foldUntil),
        () => this.load(pageId, remeasure, after, foldUntil),
      );
    }
    const loading: Loading = {
      started: ++this.loadsStarted,
      fold: foldUntil !== undefined,
      done: this.loadNow(pageId, remeasure, foldUntil).finally(() => {
        if (open && open.loading === loading) open.loading = null;
      }),
    };
    if (open) open.loading = loading;
    return loading.done;
  }

  private async loadNow(pageId: string, remeasure: boolean, foldUntil?: string): Promise<JoinCache> {
    const open = this.pages.get(pageId);
    const generation = open?.generation;
    const cached = open?.cache && this.cacheUsable(open.cache) ? open.cache : null;
    const readAt = Date.now();
    if (open) open.stored = 0;
    // An update broadcast before this load started had its XADD sent on the hot-path connection
    // before it; the reads below go over another connection, which Redis does not order with it.
    // A fold answers nobody and reads only up to an entry already stored: it needs no fence (which
    // waits behind every XADD queued on the hot path, seconds in a burst).
    try {
      if (foldUntil === undefined) await this.stream.fence();
    } catch {
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The page could not be loaded right now; retrying.');
    }
    // Parts go to the merge as they are read: a thread applies one batch while the next is read.
    const merge = this.merger.session();
    let base: Uint8Array | null;
    // The base's state vector when it is known without decoding the base (the stored row's).
    let baseVector: Uint8Array | null = null;
    let entries: { count: number; lastId: string | null };
    let savedUpTo: string;
    let cursor: string;
    try {
      if (cached) {
        base = cached.state;
        ({ savedUpTo, cursor } = cached);
      } else {
        const row = await this.documents.find(pageId);
        savedUpTo = cursor = row?.persistedUpTo ?? '0-0';
        base = row?.state ?? null;
        baseVector = row?.stateVector ?? null;
      }
      // The base goes to the merge only once there is something to merge it with.
      let started = false;
      entries = await this.readAll(
        pageId,
        cursor,
        (updates) => {
          if (!started && base) merge.add([base]);
          started = true;
          merge.add(updates);
        },
        foldUntil,
      );
    } catch (err) {
      merge.cancel();
      if (err instanceof MergeQueueFull) throw busy();
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The page could not be loaded right now; retrying.');
    }
    if (cached && !entries.lastId && !remeasure) {
      cached.readAt = readAt;
      if (open) open.clocksReadAt = readAt;
      return cached;
    }
    // Unpersisted entries with no job behind them (their gateway died before queueing it): queue one.
    // Entries after a cache's cursor may be persisted already; only those after savedUpTo count.
    // Queued once this merge is done: the worker reads and merges the same entries, and on a small
    // machine the two would share the cores while the joiner waits.
    const newest = entries.lastId;
    const unqueued = !!newest && newest !== savedUpTo && streamIdAtLeast(newest, savedUpTo);
    let merged: { state: Uint8Array; stateVector: Uint8Array };
    try {
      if (!base && entries.count === 0) merged = { state: EMPTY_STATE, stateVector: EMPTY_STATE_VECTOR };
      else if (base && entries.count === 0 && !remeasure) merged = { state: base, stateVector: baseVector ?? Y.encodeStateVectorFromUpdate(base) };
      else {
        if (base && entries.count === 0) merge.add([base]);
        merged = await merge.finish();
      }
    } catch (err) {
      if (err instanceof MergeQueueFull) throw busy();
      throw err;
    } finally {
      if (unqueued) this.scheduler.touch(pageId);
    }
    const loaded: JoinCache = { ...merged, cursor: entries.lastId ?? cursor, savedUpTo, readAt };
    const page = this.pages.get(pageId);
    if (page && page === open && page.generation === generation) {
      // The merged state is garbage-collected: deletions made it smaller.
      page.bytes = loaded.state.byteLength;
      page.shrunk = false;
      page.cache = loaded;
      page.clocks.absorbStateVector(loaded.stateVector, loaded.cursor, streamIdAtLeast);
      page.clocksLoaded = true;
      page.clocksReadAt = readAt;
    }
    return loaded;
  }

  // Every update after `afterId`, in pages (each one packed reply, see readUpdatesAfter), each
  // handed to `onPage` as it comes: a page's tens of thousands of entries never hold the event
  // loop at once, and the merge runs while the rest is read.
  // `untilId`: no entry after this one (inclusive bound).
  private async readAll(pageId: string, afterId: string, onPage: (updates: Uint8Array[]) => void, untilId?: string): Promise<{ count: number; lastId: string | null }> {
    let count = 0;
    let lastId: string | null = null;
    for (let limit = READ_PAGE; ; limit = Math.min(2 * limit, MAX_READ_PAGE)) {
      const page = await this.stream.readUpdatesAfter(pageId, lastId ?? afterId, limit, untilId);
      if (page.updates.length > 0) onPage(page.updates);
      count += page.updates.length;
      if (!page.lastId) return { count, lastId };
      lastId = page.lastId;
      if (page.updates.length < limit || lastId === untilId) return { count, lastId };
    }
  }

  // The worker trims persisted entries once they are PERSIST_TRIM_MARGIN_MS old, so entries after a
  // cursor read less than that long ago are all still in the stream (half of it: clock skew).
  private cacheUsable(cache: JoinCache): boolean {
    return Date.now() - cache.readAt < this.config.PERSIST_TRIM_MARGIN_MS / 2;
  }

  // "Saved up to X" for a page: later handshakes from the cache report it.
  noteSaved(pageId: string, upTo: string): void {
    const cache = this.pages.get(pageId)?.cache;
    if (cache && streamIdAtLeast(upTo, cache.savedUpTo)) cache.savedUpTo = upTo;
  }

  // Everything an update must pass before it is broadcast or stored (invariants 8 and 10): size,
  // a valid and non-empty Yjs update, no struct or delete past what the page holds of a client id
  // (update_gap), and no structs for a client id another principal introduced (forbidden).
  // Returns null when it passed at once, or a promise when it needs the database (a client id new
  // on this page), the stream (an apparent gap) or a fresh size; the page's later updates wait
  // behind that promise, so updates are admitted in the order they came. Decoding one update is
  // cheap (it is small); the document itself is never decoded on this path.
  admit(pageId: string, principal: string, update: Uint8Array): Promise<void> | null {
    if (update.byteLength > this.config.COLLAB_MAX_UPDATE_BYTES) {
      throw new CollabFailure(CollabErrorCode.UpdateTooLarge, `An update may be at most ${this.config.COLLAB_MAX_UPDATE_BYTES} bytes.`);
    }
    let decoded: Parameters<typeof updateShape>[0];
    try {
      decoded = Y.decodeUpdate(update) as unknown as Parameters<typeof updateShape>[0];
    } catch {
      throw new CollabFailure(CollabErrorCode.InvalidUpdate, 'The update is not a valid Yjs update.');
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) {
      throw new CollabFailure(CollabErrorCode.InvalidUpdate, 'The update is empty.');
    }
    const shape = updateShape(decoded);
    const page = this.pages.get(pageId);
    // Every joined socket's page is open here; without it there is nothing to check against.
    if (!page) throw new CollabFailure(CollabErrorCode.NotJoined, 'Join the page before sending to it.');
    if (!page.gate && this.fits(page, update, shape) && this.admitsAtOnce(page, principal, shape)) {
      this.admitted(page, update, shape);
      return null;
    }
    const run = (page.gate ?? Promise.resolve()).then(() => this.admitLater(pageId, page, principal, update, shape));
    const gate: Promise<void> = run.then(
      () => undefined,
      () => undefined,
    );
    page.gate = gate;
    void gate.then(() => {
      if (page.gate === gate) page.gate = null;
    });
    return run;
  }

  // Within the page's size limit. An update that adds no content (deletions, and inserts its own
  // delete set removes) can only shrink the page: it always passes, or a page at its limit could
  // never be cut down again (one editor could freeze it).
  private fits(page: OpenPage, update: Uint8Array, shape: UpdateShape): boolean {
    return !shape.addsContent || page.bytes + update.byteLength <= page.maxBytes;
  }

  private admitsAtOnce(page: OpenPage, principal: string, shape: UpdateShape): boolean {
    if (!page.clocksLoaded || page.clocks.gap(shape) !== null) return false;
    for (const client of page.clocks.introduced(shape)) if (this.ownerOf(page, client) !== principal) return false;
    return true;
  }

  private async admitLater(pageId: string, page: OpenPage, principal: string, update: Uint8Array, shape: UpdateShape): Promise<void> {
    // Deletions since the size was measured may have made room: measure again (a merge).
    if (!this.fits(page, update, shape) && page.shrunk) await this.load(pageId, true);
    if (!this.fits(page, update, shape)) {
      throw new CollabFailure(CollabErrorCode.DocumentTooLarge, `This page has reached its size limit of ${page.maxBytes} bytes.`);
    }
    // Another instance's updates are not seen here until they are read from the stream.
    if (!page.clocksLoaded || page.clocks.gap(shape) !== null) await this.refreshClocks(pageId, page);
    const gap = page.clocks.gap(shape);
    if (gap !== null) {
      throw new CollabFailure(CollabErrorCode.UpdateGap, `The update starts past what the page holds of client ${gap}; re-run the handshake to send what is missing.`);
    }
    const introduced = page.clocks.introduced(shape);
    if (introduced.length > 0) {
      try {
        page.owners ??= await this.owners.owners(pageId);
        for (const client of introduced) {
          if (!page.owners.has(client)) page.owners.set(client, await this.owners.claim(pageId, client, principal));
        }
      } catch {
        // Postgres is away. A client id the page holds nothing of yet is a fresh random id of this
        // socket's document: bind it here and store the claim once Postgres answers, so editing
        // goes on through an outage. An id with history needs its stored owner: retry later.
        for (const client of introduced) {
          if (this.ownerOf(page, client) !== undefined) continue;
          if (page.clocks.clock(client) > 0) throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The update could not be checked right now; it will be sent again.');
          page.provisional.set(client, principal);
          this.claimLater(pageId, page, client, principal);
        }
      }
      if (introduced.some((client) => this.ownerOf(page, client) !== principal)) {
        throw new CollabFailure(CollabErrorCode.Forbidden, "The update writes under another person's editor id (Yjs client id) on this page.");
      }
    }
    this.admitted(page, update, shape);
  }

  private ownerOf(page: OpenPage, client: number): string | undefined {
    return page.owners?.get(client) ?? page.provisional.get(client);
  }

  // Stores a claim made while Postgres was away (every 2 s, for a few minutes while the page is
  // open here). If another instance bound the id meanwhile, its owner wins from now on.
  private claimLater(pageId: string, page: OpenPage, client: number, principal: string): void {
    let attempts = 0;
    const retry = () => {
      this.owners.claim(pageId, client, principal).then(
        (owner) => {
          page.owners?.set(client, owner);
          page.provisional.set(client, owner);
        },
        () => {
          if (++attempts < 90 && this.pages.get(pageId) === page) setTimeout(retry, 2000).unref();
        },
      );
    };
    setTimeout(retry, 2000).unref();
  }

  private admitted(page: OpenPage, update: Uint8Array, shape: UpdateShape): void {
    page.clocks.note(shape);
    page.bytes += update.byteLength;
    if (shape.deletes.size > 0) page.shrunk = true;
  }

  // The page's known clocks from the stream entries after the ones counted; the whole page (a
  // load) when they were never counted or their cursor is old enough for entries to be trimmed.
  private async refreshClocks(pageId: string, page: OpenPage): Promise<void> {
    try {
      if (!page.clocksLoaded || Date.now() - page.clocksReadAt >= this.config.PERSIST_TRIM_MARGIN_MS / 2) {
        await this.load(pageId);
        return;
      }
      const readAt = Date.now();
      const entries = await this.readAll(pageId, page.clocks.cursor, (updates) => {
        for (const u of updates) page.clocks.absorbEntry(u);
      });
      if (entries.lastId) page.clocks.cursor = entries.lastId;
      page.clocksReadAt = readAt;
    } catch (err) {
      if (err instanceof CollabFailure) throw err;
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The update could not be checked right now; it will be sent again.');
    }
  }

  async append(pageId: string, update: Uint8Array, authorId?: string): Promise<string> {
    let id: string;
    try {
      id = await this.stream.append(pageId, update, authorId);
    } catch {
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The update could not be stored; it will be sent again on reconnect.');
    }
    this.scheduler.touch(pageId);
    const page = this.pages.get(pageId);
    if (page) {
      page.stored += 1;
      page.lastStored = id;
      if (!page.loading && this.compactionDue(page)) this.compact(pageId, page);
    }
    return id;
  }

  // Folds the stream entries after the page's cached state into it, off the event loop (a load:
  // the cache plus the entries after its cursor, merged on a thread), so a join on this instance
  // reads and merges a short tail instead of every unpersisted entry (issue 11, item 3: while the
  // worker is down or behind, a busy page's backlog grows by tens of thousands of entries). It
  // reads the stream rather than keeping the updates that pass through here, so entries other
  // instances wrote are in it too and the cache stays exactly "every entry up to its cursor". It
  // reads only up to the newest entry stored here: in a burst, a fold reading to the stream's end
  // would chase the writers for seconds while joins wait for it. A failed or refused (merge queue
  // full) compaction changes nothing; the next updates try again. Updates stored while it ran are
  // folded by the next one at once, or a burst that ended meanwhile would leave them all to a join.
  private compact(pageId: string, page: OpenPage): void {
    this.load(pageId, false, -1, page.lastStored!).then(
      () => {
        if (this.pages.get(pageId) === page && !page.loading && page.stored >= COMPACT_AFTER) this.compact(pageId, page);
      },
      () => undefined,
    );
  }

  // After COMPACT_AFTER stored updates; or after a tenth of that once the cache is a quarter of the
  // trim margin old, before it expires (cacheUsable): a page typed into at a few updates a second
  // would otherwise never reach the count with a usable cache, and each join would read its whole
  // backlog. A quieter page is not worth a merge. Without a trim margin no cache is ever used
  // (cacheUsable), so there is nothing to fold into.
  private compactionDue(page: OpenPage): boolean {
    if (this.config.PERSIST_TRIM_MARGIN_MS === 0) return false;
    if (page.stored >= COMPACT_AFTER) return true;
    return !!page.cache && page.stored >= COMPACT_AFTER / 10 && Date.now() - page.cache.readAt >= this.config.PERSIST_TRIM_MARGIN_MS / 4;
  }

  // Redis lost data: a cached state may hold updates the stream no longer has, and a handshake
  // answered from it would tell clients the server has them. The next join reads the row again.
  dropCaches(pageIds: readonly string[] | 'all'): void {
    for (const [pageId, page] of this.pages) {
      if (pageIds !== 'all' && !pageIds.includes(pageId)) continue;
      page.cache = null;
      page.loading = null;
      page.generation += 1;
    }
  }

  // How many pages sockets of this instance are in (a metrics gauge).
  openPages(): number {
    return this.pages.size;
  }

    isOpen(pageId: string): boolean {
    return this.pages.has(pageId);
  }

  // A socket of this instance entered / left the page: keep its state only while needed.
  enter(pageId: string, maxBytes: number): void {
    const page = this.pages.get(pageId);
    if (page) page.sockets += 1;
    else this.pages.set(pageId, { sockets: 1, bytes: 0, maxBytes, cache: null, loading: null, generation: 0, clocks: new PageClocks(), clocksLoaded: false, clocksReadAt: 0, owners: null, provisional: new Map(), gate: null, shrunk: false, stored: 0, lastStored: null });
  }

  exit(pageId: string): void {
    const page = this.pages.get(pageId);
    if (!page) return;
    page.sockets -= 1;
    if (page.sockets <= 0) this.pages.delete(pageId);
  }
}

