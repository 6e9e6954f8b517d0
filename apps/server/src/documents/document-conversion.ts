import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type MarkdownParseResult = { ok: true; json: unknown } | { ok: false; reason: 'invalid'; message: string } | { ok: false; reason: 'timeout' };

// Markdown is parsed in a worker thread with a time limit: Tiptap's Markdown tokenizers re-split the
// whole remaining source at every block, so parsing is quadratic (64 KiB of one-letter paragraphs
// takes minutes). In-process that would stall every socket of this server; here it costs one
// thread until the limit, then the thread is terminated. The worker hands back ProseMirror JSON;
// the caller builds the Yjs document from it (linear, and checked against the schema again).
const editorUrl = pathToFileURL(createRequire(import.meta.url).resolve('@tandem/editor')).href;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.editorUrl).then(({ yDocFromMarkdown, yDocToJSON, DocumentContentError }) => {
  try {
    parentPort.postMessage({ ok: true, json: yDocToJSON(yDocFromMarkdown(workerData.markdown)) });
  } catch (err) {
    if (!(err instanceof DocumentContentError)) throw err;
    parentPort.postMessage({ ok: false, reason: 'invalid', message: err.message });
  }
});
`;

export function parseMarkdownInWorker(markdown: string, timeLimitMs: number): Promise<MarkdownParseResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { editorUrl, markdown } });
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => resolve({ ok: false, reason: 'timeout' })), timeLimitMs);
    worker.once('message', (result: MarkdownParseResult) => finish(() => resolve(result)));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`Markdown worker exited with code ${code}`))));
  });
}
