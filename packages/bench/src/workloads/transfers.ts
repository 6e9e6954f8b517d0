// The `transfers` workload (issue 16, Tandem only): import of a Markdown zip of `pages` pages
// (folders of 100, each page a few paragraphs and a link to its neighbour, like a real notes
// export) through the import job, then the export of the same workspace as a Markdown zip through
// the export job: time from the request to the job's end, and the peak RSS of the worker (which
// runs them) and the API server, sampled every 50 ms.
import type { TransferView } from '@tandem/protocol';
import yazl from 'yazl';
import { rssBytes } from '../proc.js';
import type { TandemTarget } from '../targets/tandem.js';

export interface TransfersParams {
  pages: number;
  paragraphs: number;
  timeoutMs: number;
}

export interface TransferRun {
  seconds: number;
  workerPeakMiB: number;
  serverPeakMiB: number;
  zipKiB: number;
}

export interface TransfersResult {
  import: TransferRun;
  export: TransferRun;
  pagesCreated: number;
  params: TransfersParams;
}

const PER_FOLDER = 100;

export function markdownZip(pages: number, paragraphs: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (let i = 0; i < pages; i++) {
    const folder = `Folder ${Math.floor(i / PER_FOLDER)}`;
    const next = i + 1 < pages && Math.floor((i + 1) / PER_FOLDER) === Math.floor(i / PER_FOLDER) ? `\n\nNext: [Page ${i + 1}](Page%20${i + 1}.md)` : '';
    const body = Array.from({ length: paragraphs }, (_, p) => `Paragraph ${p} of page ${i}: the quick brown fox jumps over the lazy dog, **twice**.`).join('\n\n');
    zip.addBuffer(Buffer.from(`# Page ${i}\n\n${body}${next}\n\n- one\n- two\n`), `${folder}/Page ${i}.md`);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export async function runTransfers(target: TandemTarget, params: TransfersParams): Promise<TransfersResult> {
  const workspace = (JSON.parse((await target.request('POST', '/workspaces', { name: `Transfers ${Date.now()}` })).text) as { id: string }).id;
  const zip = await markdownZip(params.pages, params.paragraphs);

  const imported = await measured(target, params.timeoutMs, async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'bench.zip');
    return target.upload(`/workspaces/${workspace}/import-jobs`, form);
  });
  const pagesCreated = imported.view.summary?.pagesCreated ?? 0;
  if (pagesCreated !== params.pages + Math.ceil(params.pages / PER_FOLDER)) throw new Error(`the import created ${pagesCreated} pages`);

  const exported = await measured(target, params.timeoutMs, async () => JSON.parse((await target.request('POST', `/workspaces/${workspace}/export-jobs`, { format: 'markdown' })).text) as TransferView);
  const download = await target.download(`/transfers/${exported.view.id}/download`);
  return {
    import: { ...imported.run, zipKiB: Math.round(zip.length / 1024) },
    export: { ...exported.run, zipKiB: Math.round(download.length / 1024) },
    pagesCreated,
    params,
  };
}

// Starts a transfer and polls it to its end, sampling both processes' RSS meanwhile.
async function measured(target: TandemTarget, timeoutMs: number, start: () => Promise<TransferView>): Promise<{ view: TransferView; run: Omit<TransferRun, 'zipKiB'> }> {
  const worker = target.workerPid();
  const servers = target.socketPids();
  let workerPeak = 0;
  let serverPeak = 0;
  const sample = () => {
    if (worker) workerPeak = Math.max(workerPeak, rssBytes(worker));
    serverPeak = Math.max(serverPeak, ...servers.map(rssBytes));
  };
  const sampler = setInterval(sample, 50);
  const started = performance.now();
  try {
    let view = await start();
    const deadline = Date.now() + timeoutMs;
    while (view.status !== 'done') {
      if (view.status === 'failed') throw new Error(`the ${view.kind} failed: ${view.error}`);
      if (Date.now() > deadline) throw new Error(`the ${view.kind} did not finish in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = JSON.parse((await target.request('GET', `/transfers/${view.id}`)).text) as TransferView;
    }
    const seconds = (performance.now() - started) / 1000;
    sample();
    return { view, run: { seconds, workerPeakMiB: Math.round(workerPeak / 2 ** 20), serverPeakMiB: Math.round(serverPeak / 2 ** 20) } };
  } finally {
    clearInterval(sampler);
  }
}

export function renderTransfers(r: TransfersResult): string {
  const row = (what: string, t: TransferRun) => `| ${what} | ${t.seconds.toFixed(1)} s | ${t.workerPeakMiB} MiB | ${t.serverPeakMiB} MiB | ${t.zipKiB} KiB |`;
  return [
    `Import and export (Tandem): a Markdown zip of ${r.params.pages} pages × ${r.params.paragraphs} paragraphs (${r.pagesCreated} pages with the folders)`,
    '| run | request → job done | worker peak RSS | API server peak RSS | zip |',
    '| --- | --- | --- | --- | --- |',
    row('import (job)', r.import),
    row('export of the workspace, Markdown (job)', r.export),
  ].join('\n');
}
