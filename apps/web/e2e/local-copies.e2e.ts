import { randomUUID } from 'node:crypto';
import type { BrowserContext, Dialog, Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { saveStatus } from './support/editor.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// A person's copies of pages in this browser (IndexedDB) go when they log out or delete their
// account (issue 12), and logging out with edits only this browser holds asks first.

const PASSWORD = 'correct horse battery staple';

describe('local copies of pages', () => {
  const suite = browserSuite();

  // A signed-in person with one page, open in the editor.
  async function personWithPage(): Promise<{ context: BrowserContext; page: Page; userId: string; pageId: string }> {
    const context = await suite.browser.newContext({ baseURL: suite.stack.webUrl, viewport: { width: 1280, height: 800 } });
    const signup = await context.request.post('/api/auth/signup', { data: { email: `copy-${randomUUID()}@example.test`, name: 'Copy Holder', password: PASSWORD } });
    expect(signup.status()).toBe(201);
    const userId = ((await signup.json()) as { user: { id: string } }).user.id;
    const workspace = (await (await context.request.post('/api/workspaces', { data: { name: `Copies ${randomUUID().slice(0, 6)}` } })).json()) as { id: string };
    const created = (await (await context.request.post(`/api/workspaces/${workspace.id}/pages`, { data: { title: 'Diary' } })).json()) as { id: string };
    const page = await context.newPage();
    await page.goto(`/w/${workspace.id}/p/${created.id}`);
    await page.getByTestId('page-editor').waitFor();
    return { context, page, userId, pageId: created.id };
  }

  const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));

  async function type(page: Page, text: string): Promise<void> {
    await page.getByTestId('page-editor').click();
    await page.keyboard.type(text, { delay: 10 });
  }

  async function logOut(page: Page): Promise<void> {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
  }

  it('logging out deletes the copies; with unsent edits it asks first, and "stay" keeps everything', async () => {
    const { context, page, userId, pageId } = await personWithPage();
    const copy = `tandem:${userId}:${pageId}`;
    await type(page, 'Kept on the server. ');
    await waitUntil('saved', async () => (await saveStatus(page)) === 'saved', 30_000);
    expect(await databases(page)).toContain(copy);

    // Offline edits exist only here: logging out asks, and declining changes nothing.
    await context.setOffline(true);
    await type(page, 'Only in this suite.browser.');
    await waitUntil('the page to count as unsaved', async () => (await page.evaluate((key) => localStorage.getItem(key), `tandem:unsaved:${userId}`)) !== null);
    const asked: string[] = [];
    const decline = (dialog: Dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    };
    page.once('dialog', decline);
    await logOut(page);
    await waitUntil('the question', async () => asked.length === 1);
    expect(asked[0]).toMatch(/1 page has edits that have not reached the server yet/);
    expect(page.url()).toContain(`/p/${pageId}`);
    expect(await databases(page)).toContain(copy);
    await screenshot(page, 'local-copies-unsaved-kept');

    // Back online the edit is saved, the mark goes, and logging out no longer asks.
    await context.setOffline(false);
    await waitUntil('saved again', async () => (await saveStatus(page)) === 'saved', 30_000);
    expect(await page.evaluate((key) => localStorage.getItem(key), `tandem:unsaved:${userId}`)).toBeNull();
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await logOut(page);
    await page.waitForURL('**/login');
    await waitUntil('the copy to be deleted', async () => !(await databases(page)).includes(copy), 15_000);
    expect(asked).toHaveLength(1);
    await context.close();
  });

  it('deleting the account deletes its copies', async () => {
    const { context, page, userId, pageId } = await personWithPage();
    await type(page, 'Soon gone.');
    await waitUntil('saved', async () => (await saveStatus(page)) === 'saved', 30_000);
    expect(await databases(page)).toContain(`tandem:${userId}:${pageId}`);
    await page.goto('/account');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/password/i).fill(PASSWORD);
    await dialog.getByRole('button', { name: /delete/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account'));
    await waitUntil('the copy to be deleted', async () => !(await databases(page)).some((name) => name.startsWith(`tandem:${userId}:`)), 15_000);
    await context.close();
  });
});
