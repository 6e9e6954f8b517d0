import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { editorOf, editorText, saveStatus, typeAtEnd } from './support/editor.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// A page opened once opens again offline, even after a reload: the service worker (public/sw.js)
// serves the app's HTML, JS/CSS and the shell's API reads from its caches, and the document comes
// from IndexedDB. Edits made offline reach the server when the network is back.
//
// Going offline here is two things at once. `context.setOffline` cuts the page's own traffic (its
// socket to the API server), but Playwright's emulation does not reach a service worker's fetches
// (microsoft/playwright#2311), so the web app's host is also really stopped: every answer after the
// reload must come from the worker's caches, not from a server that happens to still be up.

const PASSWORD = 'correct horse battery staple';

describe('offline reload', () => {
  const suite = browserSuite({ own: true });
  let context: BrowserContext;
  let page: Page;
  let workspaceId: string;
  let pageId: string;
  let secondPageId: string;

  async function api<T>(method: 'POST' | 'PUT', path: string, data: unknown): Promise<T> {
    const res = await context.request.fetch(`/api${path}`, { method, data });
    expect(res.ok()).toBe(true);
    return (await res.json()) as T;
  }

  const editor = () => editorOf(page);
  const treeRow = (title: string) => page.getByTestId('tree-row').filter({ has: page.locator(`text="${title}"`) });

  // What the worker holds for this tab: its document and the API reads the shell starts with.
  const cachedUrls = (p: Page) =>
    p.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });

  async function stopWebHost(): Promise<void> {
    await suite.stack.web!.stop();
    await waitUntil('the web app to be down', async () => {
      try {
        await fetch(suite.stack.webUrl);
        return false;
      } catch {
        return true;
      }
    });
  }

  async function startWebHost(): Promise<void> {
    suite.stack.web!.start();
    await waitUntil('the web app to be back', async () => (await fetch(suite.stack.webUrl).catch(() => null))?.ok === true, 60_000);
  }

  beforeAll(async () => {
    context = await suite.browser.newContext({ baseURL: suite.stack.webUrl, viewport: { width: 1280, height: 800 } });
    const email = `ola-${randomUUID()}@example.test`;
    const res = await context.request.post('/api/auth/signup', { data: { email, name: 'Ola', password: PASSWORD } });
    expect(res.status()).toBe(201);
    workspaceId = (await api<{ id: string }>('POST', '/workspaces', { name: `Field notes ${randomUUID().slice(0, 6)}` })).id;
    pageId = (await api<{ id: string }>('POST', `/workspaces/${workspaceId}/pages`, { title: 'Trip log' })).id;
    secondPageId = (await api<{ id: string }>('POST', `/workspaces/${workspaceId}/pages`, { title: 'Packing list' })).id;
    page = await context.newPage();
  });

  it('a page opened once reloads offline, stays editable, and its offline edits reach the server', async () => {
    await page.goto(`/w/${workspaceId}/p/${pageId}`);
    await editor().waitFor();
    await typeAtEnd(page, 'Written online. ');
    await waitUntil('the pill to say Saved', async () => (await saveStatus(page)) === 'saved', 30_000);

    // The first visit loaded everything before the worker existed; it must still have kept it all.
    const needed = [`/w/${workspaceId}/p/${pageId}`, '/api/auth/me', '/api/workspaces', `/api/workspaces/${workspaceId}/pages`, `/api/pages/${pageId}`, '/runtime-config'];
    let urls: string[] = [];
    try {
      await waitUntil('the service worker to hold the page and its data', async () => {
        urls = await cachedUrls(page);
        return needed.every((u) => urls.includes(u)) && urls.some((u) => u.startsWith('/_next/static/'));
      }, 30_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; missing: ${JSON.stringify(needed.filter((u) => !urls.includes(u)))}`, { cause: error });
    }

    await context.setOffline(true);
    await stopWebHost();
    await page.reload();
    await editor().waitFor();
    await waitUntil('the offline copy to show the text', async () => (await editorText(page)).includes('Written online.'), 15_000);
    await treeRow('Trip log').waitFor();
    expect(await page.getByTestId('state-unreachable').count()).toBe(0);
    expect(await editor().getAttribute('contenteditable')).toBe('true');
    await waitUntil('the pill to say Offline', async () => (await saveStatus(page)) === 'offline', 15_000);
    await screenshot(page, 'offline-reloaded');

    await typeAtEnd(page, 'Typed offline after a reload.');
    expect(await editorText(page)).toContain('Written online. Typed offline after a reload.');
    await screenshot(page, 'offline-typed');

    await startWebHost();
    await context.setOffline(false);
    await waitUntil('the pill to say Saved again', async () => (await saveStatus(page)) === 'saved', 30_000);

    // A fresh context has no IndexedDB copy and no service worker: this text came from the server.
    const fresh = await suite.browser.newContext({ baseURL: suite.stack.webUrl, storageState: await context.storageState() });
    const check = await fresh.newPage();
    await check.goto(`/w/${workspaceId}/p/${pageId}`);
    await check.getByTestId('page-editor').waitFor();
    let text = '';
    await waitUntil('the server copy to have both edits', async () => {
      text = await editorText(check);
      return text.includes('Typed offline after a reload.');
    }, 30_000);
    expect(text.split('Written online.').length - 1).toBe(1);
    expect(text.split('Typed offline after a reload.').length - 1).toBe(1);
    await screenshot(check, 'offline-converged');
    await fresh.close();
  });

  it('a page reached from the sidebar (no HTML of its own was loaded) also reloads offline', async () => {
    await treeRow('Packing list').click();
    await page.waitForURL(new RegExp(`/p/${secondPageId}$`));
    await editor().waitFor();
    await typeAtEnd(page, 'Socks, map, torch.');
    await waitUntil('the pill to say Saved', async () => (await saveStatus(page)) === 'saved', 30_000);
    await waitUntil('the service worker to hold the second page', async () => {
      const urls = await cachedUrls(page);
      return urls.includes(`/w/${workspaceId}/p/${secondPageId}`) && urls.includes(`/api/pages/${secondPageId}`);
    }, 30_000);

    await context.setOffline(true);
    await stopWebHost();
    await page.reload();
    await editor().waitFor();
    await waitUntil('the offline copy to show the text', async () => (await editorText(page)).includes('Socks, map, torch.'), 15_000);
    expect(await page.getByTestId('page-title').inputValue()).toBe('Packing list');
    await screenshot(page, 'offline-reloaded-second-page');
    await startWebHost();
    await context.setOffline(false);
    await waitUntil('the pill to say Saved again', async () => (await saveStatus(page)) === 'saved', 30_000);
  });

  it('a page never opened on this device says so offline instead of the browser\'s error, and opens once back online', async () => {
    const neverOpened = (await api<{ id: string }>('POST', `/workspaces/${workspaceId}/pages`, { title: 'Not on this device' })).id;
    await context.setOffline(true);
    await stopWebHost();
    await page.goto(`/w/${workspaceId}/p/${neverOpened}`);
    await page.getByTestId('offline-page').waitFor();
    expect(await page.getByRole('heading').textContent()).toBe("You're offline");
    await screenshot(page, 'offline-never-opened');
    await startWebHost();
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await editor().waitFor();
    expect(await page.getByTestId('page-title').inputValue()).toBe('Not on this device');
  });

  it('logging out drops the cached API answers, so the next person sees none of them', async () => {
    expect((await cachedUrls(page)).some((u) => u.startsWith('/api/'))).toBe(true);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await waitUntil('the API cache to be empty', async () => !(await cachedUrls(page)).some((u) => u.startsWith('/api/')), 15_000);
  });
});
