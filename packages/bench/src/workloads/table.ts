// Issue 17's browser figures for the databases workload's tracker, in the real web app in Chromium:
// opening the table view (navigation → first rows painted, and → every row live) and scrolling it
// (frames over budget while the virtualized table scrolls). A first visit is a fresh browser context:
// no HTTP cache, no service worker, no local copy of the document. A returning visit opens the page
// again in the last such context, once it has all of those. An in-app open is a click on the
// database in the sidebar of the running app (the workspace's home loaded first), timed from the click.
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SESSION_COOKIE } from '@tandem/protocol';
import { chromiumLaunchOptions } from '@tandem/testkit';
import * as Y from 'yjs';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';
import { buildDatabase, projectNow, rowId } from './databases.js';

export interface TableParams {
  rows: number;
  opens: number;
  // How long the table is scrolled at each of SCROLL_STEPS.
  scrollSeconds: number;
}

export interface TableResult {
  rows: number;
  // Navigation start → the first table cell painted (the projection's preview or the live table).
  firstRows: Summary;
  // Navigation start → the live table showing every row ("N rows").
  allRows: Summary;
  // The same two, opening the page again in a browser that has visited it.
  returning: Opens;
  // The same two from a click in the sidebar of the app already running: in a fresh browser context
  // (the database never opened there), and in the returning visits' context.
  inApp: { first: Opens; returning: Opens };
  // Scrolling at SCROLL_STEPS px a frame: a wheel's steady scroll, and a fast flick.
  scroll: ScrollResult[];
  // The same frames measured on the open table, not scrolling: what headless Chromium gives idle.
  idle: ScrollResult;
}

export interface Opens {
  firstRows: Summary;
  allRows: Summary;
}

export interface ScrollResult {
  // px a frame
  step: number;
  frames: number;
  // Frames a 60 Hz display would have shown that were not drawn (a gap of n intervals drops n - 1).
  dropped: number;
  frameMs: Summary;
  // How far the table scrolled, and the first row drawn at the end (virtualization keeps up).
  scrolledPx: number;
  lastRowShown: string;
}

const FRAME_MS = 1000 / 60;
// px a frame: about 3 rows of 34 px (a steady wheel scroll), and 12 (a fast flick).
const SCROLL_STEPS = [100, 400];
// The live table's scroller (not the preview's).
const LIVE_GRID = '[data-testid="database"] [data-testid="database-table"]';

export async function runTable(target: TandemTarget, params: TableParams): Promise<TableResult> {
  const userId = target.user();
  const page = await target.newPage('database');
  const base = randomUUID().slice(0, 24);
  const built = buildDatabase(params.rows, userId, base);
  await target.persistence!.seed(page, Y.encodeStateAsUpdate(built));
  built.destroy();
  // Projected, as a deployed database is: the page paints its first rows from the projection.
  const doc = new Y.Doc();
  const client = await target.connect(page, doc);
  await projectNow(target, doc, rowId(base, 0), userId);
  await client.close();
  doc.destroy();

  const home = `${target.webUrl()}/w/${target.workspace()}`;
  const url = `${home}/p/${page}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const first = new OpenTimes();
    let last: Page | null = null;
    for (let i = 0; i < params.opens; i++) {
      await last?.context().close();
      last = await openIn(await signedIn(browser, target), url);
      first.add(await timeOpen(last, params.rows));
    }
    const inAppFirst = new OpenTimes();
    for (let i = 0; i < params.opens; i++) {
      const context = await signedIn(browser, target);
      const inApp = await openIn(context, home);
      inAppFirst.add(await timeInAppOpen(inApp, page, params.rows));
      await context.close();
    }
    const idle = await frames(last!, params.scrollSeconds, 0);
    const scroll: ScrollResult[] = [];
    for (const step of SCROLL_STEPS) {
      const result = await frames(last!, params.scrollSeconds, step);
      if (result.scrolledPx <= 0) throw new Error('the table did not scroll');
      scroll.push(result);
    }
    // Seconds after its first open, this context holds the service worker, the HTTP cache and the
    // document's local copy.
    const context = last!.context();
    const again = new OpenTimes();
    for (let i = 0; i < params.opens; i++) {
      await last!.close();
      last = await openIn(context, url);
      again.add(await timeOpen(last, params.rows));
    }
    const inAppAgain = new OpenTimes();
    for (let i = 0; i < params.opens; i++) {
      await last!.close();
      const inApp = (last = await openIn(context, home));
      inAppAgain.add(await timeInAppOpen(inApp, page, params.rows));
    }
    return { rows: params.rows, ...first.summary(), returning: again.summary(), inApp: { first: inAppFirst.summary(), returning: inAppAgain.summary() }, scroll, idle };
  } finally {
    await browser.close();
  }
}

class OpenTimes {
  private readonly first: number[] = [];
  private readonly all: number[] = [];
  add(times: { first: number; all: number }): void {
    this.first.push(times.first);
    this.all.push(times.all);
  }
  summary(): Opens {
    return { firstRows: summarize(this.first), allRows: summarize(this.all) };
  }
}

// An in-app open: the app settled on the workspace's home, then timed from the click on the
// database's row in the sidebar.
async function timeInAppOpen(page: Page, pageId: string, rows: number): Promise<{ first: number; all: number }> {
  await page.getByTestId('workspace-home').waitFor();
  const row = page.locator(`[data-testid="tree-row"][data-page-id="${pageId}"]`);
  await row.waitFor();
  await page.waitForLoadState('networkidle');
  return timeOpen(page, rows, () => row.click());
}

async function signedIn(browser: Browser, target: TandemTarget): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: target.credentials().session, url: target.webUrl() }]);
  return context;
}

async function openIn(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  // Times on the page's own clock, from navigation start: the first cell as it is added, then the
  // frame that paints it. An in-app open starts the watch again as it clicks.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstCell?: number; __watchFirstCell?: () => void };
    w.__watchFirstCell = () => {
      w.__firstCell = undefined;
      const seen = new MutationObserver(() => {
        if (w.__firstCell !== undefined || !document.querySelector('[data-testid="cell"]')) return;
        w.__firstCell = -1;
        requestAnimationFrame(() => (w.__firstCell = performance.now()));
        seen.disconnect();
      });
      seen.observe(document, { childList: true, subtree: true });
    };
    w.__watchFirstCell();
  });
  await page.goto(url);
  return page;
}

// From navigation start, or with `open`, from the moment it starts.
async function timeOpen(page: Page, rows: number, open?: () => Promise<void>): Promise<{ first: number; all: number }> {
  let start = 0;
  if (open) {
    start = await page.evaluate(() => {
      (window as unknown as { __watchFirstCell: () => void }).__watchFirstCell();
      return performance.now();
    });
    await open();
  }
  // "10,000 rows" in the live table's footer (not "n of N rows": the default view has no filter).
  const all = await page.waitForFunction(
    (rows) => {
      const count = document.querySelector('[data-testid="database"] [data-testid="row-count"]')?.textContent ?? '';
      const live = / rows$/.test(count) && !count.includes(' of ') && count.replace(/\D/g, '') === String(rows);
      return live && document.querySelector('[data-testid="database"] [data-testid="cell"]') ? performance.now() : null;
    },
    rows,
    { timeout: 300_000, polling: 'raf' },
  );
  const first = await page.waitForFunction(() => {
    const at = (window as unknown as { __firstCell?: number }).__firstCell;
    return at !== undefined && at >= 0 ? at : null;
  });
  return { first: ((await first.jsonValue()) as number) - start, all: ((await all.jsonValue()) as number) - start };
}

// Every frame's interval for `seconds`, moving the live table's scroller `step` px a frame from the top.
async function frames(page: Page, seconds: number, step: number): Promise<ScrollResult> {
  const measured = await page.evaluate(
    ({ seconds, step, grid }) =>
      new Promise<{ deltas: number[]; scrolledPx: number; lastRowShown: string }>((resolve) => {
        const scroller = document.querySelector<HTMLElement>(grid)!;
        scroller.scrollTop = 0;
        const deltas: number[] = [];
        let previous = 0;
        const end = performance.now() + seconds * 1000;
        const frame = (at: number) => {
          if (previous) deltas.push(at - previous);
          previous = at;
          if (at >= end) {
            const cell = scroller.querySelector('[data-testid="cell"][data-property="Name"]');
            resolve({ deltas, scrolledPx: scroller.scrollTop, lastRowShown: cell?.firstElementChild?.textContent ?? '' });
            return;
          }
          if (step) scroller.scrollTop += step;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { seconds, step, grid: LIVE_GRID },
  );
  const dropped = measured.deltas.reduce((n, d) => n + Math.max(0, Math.round(d / FRAME_MS) - 1), 0);
  return { step, frames: measured.deltas.length, dropped, frameMs: summarize(measured.deltas), scrolledPx: measured.scrolledPx, lastRowShown: measured.lastRowShown };
}

const ms = (s: Summary) => `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} / ${s.max.toFixed(0)} ms`;

export function renderTable(r: TableResult): string {
  const frameRow = (name: string, s: ScrollResult) =>
    `| ${name} | ${s.frames} | ${s.dropped} (${((100 * s.dropped) / (s.frames + s.dropped)).toFixed(1)} %) | ${s.frameMs.p50.toFixed(1)} / ${s.frameMs.p95.toFixed(1)} / ${s.frameMs.max.toFixed(1)} | ${s.scrolledPx.toLocaleString('en')} px, ends at "${s.lastRowShown}" |`;
  return [
    `table view in Chromium: ${r.rows.toLocaleString('en')} rows × 12 properties (p50 / p95 / max ms over ${r.firstRows.count} opens of each kind)`,
    `- first visit, navigation → first rows painted: ${ms(r.firstRows)}; → every row live: ${ms(r.allRows)}`,
    `- returning visit, navigation → first rows painted: ${ms(r.returning.firstRows)}; → every row live: ${ms(r.returning.allRows)}`,
    `- in the app, first open (click in the sidebar) → first rows painted: ${ms(r.inApp.first.firstRows)}; → every row live: ${ms(r.inApp.first.allRows)}`,
    `- in the app, returning → first rows painted: ${ms(r.inApp.returning.firstRows)}; → every row live: ${ms(r.inApp.returning.allRows)}`,
    '',
    '| frames | drawn | dropped at 60 Hz | frame p50 / p95 / max ms | scrolled |',
    '| --- | ---: | ---: | --- | --- |',
    ...r.scroll.map((s) => frameRow(`scrolling ${s.step} px a frame`, s)),
    frameRow('idle (the same table, not scrolling)', r.idle),
  ].join('\n');
}
