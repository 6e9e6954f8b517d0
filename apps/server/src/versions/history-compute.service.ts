import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { HistoryTask, HistoryTaskResults } from '@tandem/editor';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppConfig } from '../config/env.js';
import { documentEditor } from '../documents/document-editor.js';

const editorUrl = pathToFileURL(createRequire(import.meta.url).resolve('@tandem/editor')).href;

// One long-lived thread (loading the editor package takes a while), tasks answered by id; a task
// that throws answers with its message. Messages sent before the import finished wait in the port.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.editorUrl).then(({ runHistoryTask }) => {
  parentPort.on('message', ({ id, task }) => {
    try {
      parentPort.postMessage({ id, ok: true, result: runHistoryTask(task) });
    } catch (err) {
      parentPort.postMessage({ id, ok: false, message: err && err.message ? err.message : String(err) });
    }
  });
});
`;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

// Runs the history's heavy steps (@tandem/editor's runHistoryTask) off the event loop when the page
// is big: decoding a 10,000-paragraph page, converting it to JSON and reconciling it takes 0.5–2 s,
// and this process's event loop is also the gateway's (ARCHITECTURE invariant 11). Pages under
// HISTORY_WORKER_MIN_BYTES (state + stream entries + version) are computed inline: a few ms.
@Injectable()
export class HistoryComputeService implements OnModuleDestroy {
  private readonly logger = new Logger(HistoryComputeService.name);
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly config: AppConfig) {}

  run<T extends HistoryTask>(task: T): Promise<HistoryTaskResults[T['kind']]> {
    if (bytesOf(task) < this.config.HISTORY_WORKER_MIN_BYTES) return documentEditor().then(({ runHistoryTask }) => runHistoryTask(task));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.thread().postMessage({ id, task });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { editorUrl } });
    worker.on('message', ({ id, ok, result, message }: { id: number; ok: boolean; result?: unknown; message?: string }) => {
      const pending = this.pending.get(id);
      if (!pending) return;
      this.pending.delete(id);
      if (ok) pending.resolve(result);
      else pending.reject(new Error(message));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.pending.values()) pending.reject(err);
      this.pending.clear();
    };
    worker.on('error', (err) => {
      this.logger.error(`History worker failed: ${err.message}`);
      fail(err);
    });
    worker.on('exit', (code) => fail(new Error(`History worker exited with code ${code}`)));
    // An idle worker must not keep the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

function bytesOf(task: HistoryTask): number {
  const parts =
    task.kind === 'preview' || task.kind === 'anchors' ? task.parts : task.kind === 'diff' ? [...task.base, ...task.version] : [...task.current, ...task.version];
  return parts.reduce((sum, part) => sum + part.byteLength, 0);
}
