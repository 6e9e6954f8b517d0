import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import type { PageView } from '@tandem/protocol';
import { screenshot, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Search and navigation (issue 15) in a real browser against the real stack: quick find with
// Ctrl+K, typing, arrow keys and Enter; recent pages; favorites; the full search page.

const PASSWORD = 'correct horse battery staple';

describe('search and navigation', () => {
  const suite = browserSuite();
  let context: BrowserContext;
  let page: Page;
  let workspaceId = '';
  const ids: Record<string, string> = {};

  const api = async <T>(method: 'POST' | 'GET', path: string, data?: unknown): Promise<T> => {
    const res = await page.request.fetch(`${suite.stack.webUrl}/api${path}`, { method, data, headers: { origin: suite.stack.webUrl } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const createPage = async (title: string, markdown: string, parentId: string | null = null) =>
    (await api<PageView>('POST', `/workspaces/${workspaceId}/pages`, { title, parentId, content: { kind: 'markdown', content: markdown } })).id;

  beforeAll(async () => {
    context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.goto(`${suite.stack.webUrl}/signup`);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(`ada-${randomUUID().slice(0, 8)}@example.com`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('workspace-picker').waitFor();
    workspaceId = (await api<{ id: string }>('POST', '/workspaces', { name: 'Analytical Engine' })).id;
    ids.roadmap = await createPage('Quarterly roadmap', 'Plans for the engine. The fox project ships in spring.');
    ids.checklist = await createPage('Launch checklist', 'Feed the fox, oil the gears, print the cards.', ids.roadmap);
    ids.recipes = await createPage('Recipes', 'Soup with leeks and potatoes.');
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
  });

  it('opens quick find with Ctrl+K, searches as you type, moves with arrows and opens with Enter', async () => {
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}`);
    await page.getByTestId('tree-row').first().waitFor();
    await page.keyboard.press('Control+k');
    const dialog = page.getByTestId('quick-find');
    await dialog.waitFor();
    await dialog.getByText('Pages you open show up here.').waitFor();
    const input = page.getByTestId('quick-find-input');
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    await input.pressSequentially('fox', { delay: 40 });
    const options = page.getByTestId('quick-find-option');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="quick-find-option"]').length === 2);
    // Each result shows its snippet with the matched word marked (as text, never HTML).
    expect(await options.first().locator('mark').first().textContent()).toMatch(/fox/i);
    expect(await options.nth(1).textContent()).toContain('Quarterly roadmap');
    await screenshotVariants(page, 'search-quick-find');

    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await input.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await input.press('ArrowDown');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await input.press('ArrowUp');
    const target = (await options.nth(1).locator('[class*="optionTitle"]').first().textContent())!;
    const targetId = target.includes('Launch') ? ids.checklist! : ids.roadmap!;
    await input.press('Enter');
    await page.waitForURL(`**/p/${targetId}`);
    await page.getByTestId('page-screen').waitFor();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('opens a result in a new tab with Ctrl+Enter', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-find-input').pressSequentially('soup', { delay: 40 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="quick-find-option"]').length === 1);
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('quick-find-input').press('Control+Enter')]);
    await tab.waitForURL(`**/p/${ids.recipes}`);
    await tab.close();
    await page.keyboard.press('Escape');
  });

  it('shows recently opened pages for an empty query, newest first', async () => {
    // Two visits of its own, each waited for (a visit still in flight when the next navigation
    // starts is cancelled with the page, so earlier tests' visits prove nothing).
    for (const id of [ids.roadmap!, ids.recipes!]) {
      const visited = page.waitForResponse((r) => r.url().endsWith(`/pages/${id}/visit`) && r.request().method() === 'POST');
      await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${id}`);
      await page.getByTestId('page-screen').waitFor();
      expect((await visited).status()).toBe(204);
    }
    await page.getByTestId('sidebar-search').click();
    await page.getByTestId('quick-find').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="quick-find-option"]').length >= 2);
    expect(await page.getByTestId('quick-find-option').first().textContent()).toContain('Recipes');
    await screenshotVariants(page, 'search-recent');
    await page.keyboard.press('Escape');
  });

  it('stars a page into the sidebar favorites and unstars it', async () => {
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${ids.checklist}`);
    await page.getByTestId('page-screen').waitFor();
    const star = page.getByTestId('favorite-button');
    await page.waitForFunction(() => !document.querySelector('[data-testid="favorite-button"]')?.hasAttribute('disabled'));
    await star.click();
    await page.getByTestId('favorite-link').filter({ hasText: 'Launch checklist' }).waitFor();
    expect(await star.getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await page.getByTestId('favorite-link').filter({ hasText: 'Launch checklist' }).waitFor();
    await screenshotVariants(page, 'search-favorites');
    await page.getByTestId('favorite-button').click();
    await page.getByTestId('favorites').waitFor({ state: 'detached' });
  });

  it('lists results with filters and paging on the search page', async () => {
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/search?q=fox`);
    await page.getByTestId('search-screen').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="search-summary"]')?.textContent === '2 pages');
    await screenshotVariants(page, 'search-page');
    await page.getByTestId('filter-under').selectOption(ids.checklist!);
    await page.waitForFunction(() => document.querySelector('[data-testid="search-summary"]')?.textContent === '1 page');
    expect(await page.getByTestId('search-result').first().textContent()).toContain('Launch checklist');
    await page.getByTestId('search-input').fill('nothing-like-this');
    await page.waitForFunction(() => document.querySelector('[data-testid="search-summary"]')?.textContent === 'No pages match.');
    await page.waitForURL('**/search?q=nothing-like-this');
    await screenshot(page, 'search-page-empty');
  });
});
