import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { AppConfig } from '../config/env.js';

export type MarkdownParseResult =
  | { ok: true; json: unknown }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'timeout' | 'busy' | 'too_large' };

export type HtmlConvertResult = { ok: true; markdown: string } | Exclude<MarkdownParseResult, { ok: true }>;

// Markdown is parsed in worker threads: Tiptap's Markdown tokenizers re-split the whole remaining
// source at every block, so parsing is quadratic (64 KiB of one-letter paragraphs takes minutes).
// In-process that would stall every socket of this server. The pool (Piscina) bounds what imports
// can cost: MARKDOWN_IMPORT_THREADS threads at most, a short queue behind them (a full queue is
// answered at once), a time limit after which the thread is terminated, and a heap limit per
// thread. The threads hand back ProseMirror JSON; the caller builds the Yjs document from it
// (linear, and checked against the schema again).
@Injectable()
export class MarkdownImportPool implements OnModuleDestroy {
  private readonly pool: Piscina;

  constructor(private readonly config: AppConfig) {
    this.pool = new Piscina({
      filename: new URL('../../workers/markdown-parse.mjs', import.meta.url).href,
      minThreads: 0,
      maxThreads: config.MARKDOWN_IMPORT_THREADS,
      maxQueue: config.MARKDOWN_IMPORT_QUEUE,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: config.MARKDOWN_IMPORT_MEMORY_MB, maxYoungGenerationSizeMb: 32 },
    });
  }

  get timeLimitMs(): number {
    return this.config.MARKDOWN_IMPORT_TIME_LIMIT_MS;
  }

  // The time limit counts from the request, waiting in the queue included: an import never holds
  // its HTTP request longer than that.
  parse(markdown: string): Promise<MarkdownParseResult> {
    return this.run<MarkdownParseResult>(markdown);
  }

  // HTML → Markdown (an HTML import), with the same bounds: parsing a hostile page (deep nesting,
  // megabytes of markup) costs a thread for at most the time limit, never this process.
  htmlToMarkdown(html: string): Promise<HtmlConvertResult> {
    return this.run<HtmlConvertResult>({ html });
  }

  private async run<T>(input: string | { html: string }): Promise<T | { ok: false; reason: 'timeout' | 'busy' | 'too_large' }> {
    if (this.pool.queueSize >= this.config.MARKDOWN_IMPORT_QUEUE) return { ok: false, reason: 'busy' };
    try {
      return (await this.pool.run(input, { signal: AbortSignal.timeout(this.timeLimitMs) })) as T;
    } catch (err) {
      const e = err as { name?: string; code?: string; message?: string };
      if (e.name === 'AbortError' || e.name === 'TimeoutError') return { ok: false, reason: 'timeout' };
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, reason: 'too_large' };
      if (/queue is at limit/i.test(e.message ?? '')) return { ok: false, reason: 'busy' };
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
