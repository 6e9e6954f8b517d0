import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import type { MergeReply, MergeTask, MergeThreadData } from './merge.worker.js';
import { diffState, mergeIntoDoc, packParts, type MergeResult } from './merge-updates.js';

type Pending = { resolve: (reply: MergeReply & { ok: true }) => void; reject: (err: Error) => void };
type TaskBody = MergeTask extends infer T ? (T extends MergeTask ? Omit<T, 'id'> : never) : never;

export interface MergeThread {
  worker: Worker;
  busy: number;
  alive: boolean;
}

// Below these sizes a merge or diff costs less than a message to a thread; it runs inline.
const INLINE_MERGE_BYTES = 16 * 1024;
const INLINE_DIFF_BYTES = 64 * 1024;

export class MergeQueueFull extends Error {}

// Merges a page's stored parts and diffs big states off the gateway's event loop (invariant 11):
// a small pool of worker threads (COLLAB_MERGE_THREADS, default min(2, cores)), each task handed
// to the least busy one, with a bounded number of tasks waiting (COLLAB_MERGE_QUEUE) so a flood of
// joins is refused retryably instead of queueing without end. Where the thread script does not
// exist (unit specs run the TypeScript sources), it merges inline.
@Injectable()
export class UpdateMerger implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UpdateMerger.name);
  private readonly threads: MergeThread[] = [];
  private readonly pending = new Map<number, Pending & { thread: MergeThread }>();
  private readonly script = new URL('./merge.worker.js', import.meta.url);
  private readonly threaded = existsSync(this.script);
  private nextId = 1;

  constructor(private readonly config: AppConfig) {}

  private get size(): number {
    return this.config.COLLAB_MERGE_THREADS ?? Math.min(2, availableParallelism());
  }

  // Threads start (and load Yjs) with the server, not on the first join that needs one.
  onApplicationBootstrap(): void {
    if (!this.threaded) return;
    while (this.threads.length < this.size) this.spawn();
  }

  // A merge fed as the parts are read (MergeSession): inline while small, on a thread once the
  // parts pass INLINE_MERGE_BYTES, where each batch is applied while the next one is read.
  session(): MergeSession {
    return new MergeSession(this, this.threaded);
  }

  async merge(parts: readonly Uint8Array[]): Promise<MergeResult> {
    const session = this.session();
    session.add(parts);
    return session.finish();
  }

  async diff(state: Uint8Array, stateVector: Uint8Array): Promise<Uint8Array> {
    if (!this.threaded || state.byteLength < INLINE_DIFF_BYTES) return diffState(state, stateVector);
    // The state stays cached on this thread: the thread gets a copy.
    return (await this.run({ kind: 'diff', state, stateVector }, [])).update!;
  }

  onModuleDestroy(): Promise<void> {
    const threads = this.threads.splice(0);
    for (const [, p] of this.pending) p.reject(new Error('merger stopped'));
    this.pending.clear();
    return Promise.all(threads.map((t) => t.worker.terminate())).then(() => undefined);
  }

  // A task whose reply is awaited (`end`, `diff`).
  private run(body: TaskBody, transfer: ArrayBuffer[]): Promise<MergeReply & { ok: true }> {
    const thread = this.acquire();
    const id = this.nextId++;
    return this.await(thread, id, () => thread.worker.postMessage({ id, ...body }, transfer));
  }

  // A session's thread and id; its `end` resolves through `await` like any task.
  begin(): { thread: MergeThread; id: number } {
    const thread = this.acquire();
    const id = this.nextId++;
    thread.busy += 1;
    thread.worker.postMessage({ id, kind: 'begin' } satisfies MergeTask);
    return { thread, id };
  }

  post(thread: MergeThread, task: MergeTask, transfer: ArrayBuffer[] = []): void {
    thread.worker.postMessage(task, transfer);
  }

  await(thread: MergeThread, id: number, send: () => void): Promise<MergeReply & { ok: true }> {
    return new Promise((resolve, reject) => {
      if (!thread.alive) return reject(new Error('merge thread exited'));
      this.pending.set(id, { resolve, reject, thread });
      thread.busy += 1;
      send();
    });
  }

  private acquire(): MergeThread {
    if (this.pending.size >= this.config.COLLAB_MERGE_QUEUE) throw new MergeQueueFull('too many merges waiting');
    return this.pick();
  }

  private pick(): MergeThread {
    const idle = this.threads.find((t) => t.busy === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) return this.spawn();
    return this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private spawn(): MergeThread {
    const worker = new Worker(this.script, { workerData: { warmUp: this.config.COLLAB_MERGE_WARMUP } satisfies MergeThreadData });
    const thread: MergeThread = { worker, busy: 0, alive: true };
    worker.unref();
    worker.on('message', (reply: MergeReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      thread.busy -= 1;
      if (reply.ok) p.resolve(reply);
      else p.reject(new Error(reply.message));
    });
    // A thread that died takes its tasks with it: they fail (the join is retried) and a new
    // thread is started for the next task.
    worker.on('error', (err) => this.logger.error(`A merge thread failed: ${err.message}`));
    worker.on('exit', () => {
      thread.alive = false;
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const [id, p] of this.pending) {
        if (p.thread !== thread) continue;
        this.pending.delete(id);
        p.reject(new Error('merge thread exited'));
      }
    });
    this.threads.push(thread);
    return thread;
  }
}

// One page's merge, fed batch by batch (see UpdateMerger.session).
export class MergeSession {
  private parts: Uint8Array[] = [];
  private bytes = 0;
  private remote: { thread: MergeThread; id: number } | null = null;

  constructor(
    private readonly merger: UpdateMerger,
    private readonly threaded: boolean,
  ) {}

  // Throws MergeQueueFull when it would need a thread and too many merges are waiting.
  add(parts: readonly Uint8Array[]): void {
    if (this.remote) return this.send(parts);
    for (const p of parts) {
      this.parts.push(p);
      this.bytes += p.byteLength;
    }
    if (this.threaded && this.bytes >= INLINE_MERGE_BYTES) {
      this.remote = this.merger.begin();
      this.send(this.parts);
      this.parts = [];
    }
  }

  async finish(): Promise<MergeResult> {
    if (!this.remote) return mergeIntoDoc(this.parts);
    const { thread, id } = this.remote;
    // The session's own count (from begin) passes to the awaited `end`.
    thread.busy -= 1;
    const reply = await this.merger.await(thread, id, () => this.merger.post(thread, { id, kind: 'end' }));
    return { state: reply.state!, stateVector: reply.stateVector! };
  }

  // The merge is not needed after all (the read failed).
  cancel(): void {
    if (this.remote) {
      this.remote.thread.busy -= 1;
      this.merger.post(this.remote.thread, { id: this.remote.id, kind: 'drop' });
    }
    this.remote = null;
    this.parts = [];
  }

  private send(parts: readonly Uint8Array[]): void {
    if (parts.length === 0) return;
    const packed = packParts(parts);
    this.merger.post(this.remote!.thread, { id: this.remote!.id, kind: 'add', ...packed }, [packed.bytes.buffer as ArrayBuffer]);
  }
}
