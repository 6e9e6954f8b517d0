import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { testServices } from '@tandem/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import type { PageView } from '@tandem/protocol';
import { screenshotsDir, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Settings → Audit log (issue 19) in a real browser against the real stack: an owner sees who did
// what, filters by person, action, page and date, pages with "Show more" and downloads the CSV of
// the filtered entries; a member does not get the section.

const PASSWORD = 'correct horse battery staple';

describe('audit log viewer', () => {
  const suite = browserSuite();
  let ada: BrowserContext;
  let bob: BrowserContext;
  let page: Page;
  let bobPage: Page;
  let db: pg.Client;
  let workspaceId = '';
  const ids: Record<string, string> = {};

  const api = async <T>(as: Page, method: 'POST' | 'GET' | 'PATCH', path: string, data?: unknown): Promise<T> => {
    const res = await as.request.fetch(`${suite.stack.webUrl}/api${path}`, { method, data, headers: { origin: suite.stack.webUrl } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const signUp = async (as: Page, name: string) => {
    const res = await api<{ user: { id: string } }>(as, 'POST', '/auth/signup', { name, email: `${name.split(' ')[0]!.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD });
    return res.user.id;
  };
  const entries = () => page.getByTestId('audit-entry');
  const waitForEntries = (n: number) => page.waitForFunction((count) => document.querySelectorAll('[data-testid="audit-entry"]').length === count, n);
  // After "Clear filters" the unfiltered log comes back from the cache with every page loaded so far.
  const waitForAtLeast = (n: number) => page.waitForFunction((count) => document.querySelectorAll('[data-testid="audit-entry"]').length >= count, n);

  beforeAll(async () => {
    db = new pg.Client({ connectionString: testServices().DATABASE_URL });
    await db.connect();
    ada = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    bob = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await ada.newPage();
    bobPage = await bob.newPage();
    await signUp(page, 'Ada Lovelace');
    const bobId = await signUp(bobPage, 'Bob Babbage');
    workspaceId = (await api<{ id: string }>(page, 'POST', '/workspaces', { name: 'Analytical Engine' })).id;
    await db.query(`INSERT INTO "WorkspaceMember" ("workspaceId", "userId", role) VALUES ($1, $2, 'member')`, [workspaceId, bobId]);
    ids.notes = (await api<PageView>(page, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Meeting notes' })).id;
    ids.plans = (await api<PageView>(page, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Engine plans' })).id;
    await api(page, 'PATCH', `/pages/${ids.plans}`, { title: 'Engine plans, v2' });
    ids.bobs = (await api<PageView>(bobPage, 'POST', `/workspaces/${workspaceId}/pages`, { title: "Bob's draft" })).id;
    // Older history: 60 entries from last year, so the log needs "Show more".
    await db.query(
      `INSERT INTO "AuditLog" ("workspaceId", "actorId", action, "targetType", "targetId", ip, metadata, "at")
       SELECT $1, $2, 'page.updated', 'page', $3, '203.0.113.7', '{"icon":"📘"}', now() - interval '300 days' - n * interval '1 hour'
       FROM generate_series(1, 60) AS n`,
      [workspaceId, bobId, ids.notes],
    );
  });
  afterAll(async () => {
    await ada?.close().catch(() => undefined);
    await bob?.close().catch(() => undefined);
    await db?.end();
  });

  it('shows who did what, filtered by person, action, page and date, paged', async () => {
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/settings`);
    const section = page.getByTestId('audit-log');
    await section.waitFor();
    // Newest first: Bob's page, Ada's rename, Ada's two pages, the workspace; then the old entries.
    await waitForEntries(50);
    const first = (await entries().allTextContents()).slice(0, 5);
    expect(first[0]).toContain('Bob Babbage');
    expect(first[0]).toContain('page · created');
    expect(first[0]).toContain("Bob's draft");
    expect(first[1]).toContain('Ada Lovelace');
    expect(first[1]).toContain('page · updated');
    expect(first[1]).toContain('Engine plans, v2');
    expect(first[4]).toContain('workspace · created');
    await screenshotVariants(page, 'audit-log');
    // The section's top at phone width, close up (the full-page shots are long).
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 390, height: 844 });
      await section.scrollIntoViewIfNeeded();
      const box = (await section.boundingBox())!;
      await page.screenshot({ path: join(screenshotsDir, `audit-log-section-${scheme}-phone.png`), clip: { x: 0, y: box.y + (await page.evaluate(() => window.scrollY)), width: 390, height: 700 }, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // 65 in all: "Show more" loads the rest, then disappears.
    await page.getByTestId('audit-more').click();
    await waitForEntries(65);
    expect(await page.getByTestId('audit-more').count()).toBe(0);
    expect(await entries().last().textContent()).toContain('203.0.113.7');

    // Person: Bob made his page and the 60 old entries.
    await page.getByTestId('audit-filter-person').selectOption({ label: 'Bob Babbage' });
    await waitForEntries(50);
    expect((await entries().allTextContents()).every((t) => t.includes('Bob Babbage'))).toBe(true);
    // And action: Bob's page creations only.
    await page.getByTestId('audit-filter-action').selectOption('page.created');
    await waitForEntries(1);
    expect(await entries().first().textContent()).toContain("Bob's draft");
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForAtLeast(50);

    // Page: Engine plans' creation and rename.
    await page.getByTestId('audit-filter-page').selectOption({ label: 'Engine plans, v2' });
    await waitForEntries(2);
    expect(await entries().allTextContents()).toEqual([expect.stringContaining('page · updated'), expect.stringContaining('page · created')]);
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // Dates: only last year's entries up to 200 days ago; nothing from tomorrow on.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('audit-filter-to').fill(day(-200));
    await waitForEntries(50);
    expect((await entries().allTextContents()).every((t) => t.includes('Bob Babbage') && t.includes('page · updated'))).toBe(true);
    await page.getByTestId('audit-filter-to').fill('');
    await page.getByTestId('audit-filter-from').fill(day(1));
    await section.getByText('No entries match these filters.').waitFor();
    await screenshotVariants(page, 'audit-log-empty');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForAtLeast(50);
  });

  it('downloads the filtered entries as CSV', async () => {
    await page.getByTestId('audit-filter-action').selectOption('page.');
    await page.getByTestId('audit-filter-person').selectOption({ label: 'Ada Lovelace' });
    await waitForEntries(3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,action,actor_id,actor_name,actor_email,target_type,target_id,target_title,ip,metadata');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['page.updated', 'page.created', 'page.created']);
    expect(csv).toContain('"Engine plans, v2"');
    expect(csv).not.toContain('Bob Babbage');
  });

  it('a member has no audit log section, and the API refuses them', async () => {
    await bobPage.goto(`${suite.stack.webUrl}/w/${workspaceId}/settings`);
    await bobPage.getByTestId('workspace-settings').waitFor();
    await bobPage.getByTestId('member-list').waitFor();
    expect(await bobPage.getByTestId('audit-log').count()).toBe(0);
    const res = await bobPage.request.get(`${suite.stack.webUrl}/api/workspaces/${workspaceId}/audit-log`);
    expect(res.status()).toBe(403);
  });
});
