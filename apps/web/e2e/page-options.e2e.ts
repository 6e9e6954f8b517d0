import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { type Person, PASSWORD, personApi } from './support/people.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { editorOf, openPageMenu } from './support/editor.js';
import { png } from './support/images.js';
import { browserSuite } from './support/suite.js';

// JSON rather than Markdown: a busy machine's first Markdown parse can outlast the import's time limit.
const HANDBOOK = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Welcome' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'How we work, in one page. Read it once, then keep it open while you settle in.' }] },
    { type: 'bulletList', content: ['Ask early', 'Write it down'].map((text) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })) },
  ],
};

// Page options, covers, duplicate and the account's theme (issue 18), as people use them: Ada
// changes the page from its ⋯ menu and Bob, who has the page open too, sees each change live.
describe('page options', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  const api = personApi;
  const editable = (person: Person) => person.page.getByTestId('page-editor-root').getAttribute('data-editable');
  const style = (page: Page, selector: string, property: string) => page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
  const closeMenu = (person: Person) => person.page.keyboard.press('Escape');

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `Options ${randomUUID().slice(0, 6)}` })).id;
    pageId = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Team handbook', icon: '📘', content: { kind: 'json', content: HANDBOOK } })).id;
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'editor' });
    await Promise.all(
      [ada, bob].map(async (person) => {
        await person.page.goto(`/w/${workspaceId}/p/${pageId}`);
        await editorOf(person).getByText('How we work').waitFor();
      }),
    );
  });

  it('full width and small text apply at once and reach the other viewer live', async () => {
    expect(await style(bob.page, 'main article', 'max-width')).toBe('760px');
    await openPageMenu(ada);
    await ada.page.getByTestId('option-full-width').click();
    await waitUntil('Ada’s page to be full width', async () => (await style(ada.page, 'main article', 'max-width')) === 'none', 5_000);
    await ada.page.getByTestId('option-small-text').click();
    // The menu item follows the page's cached options, which the optimistic update sets a moment later.
    await waitUntil('the small-text item to be checked', async () => (await ada.page.getByTestId('option-small-text').getAttribute('aria-checked')) === 'true', 5_000);
    await screenshot(ada.page, 'page-options-menu');
    await closeMenu(ada);
    await waitUntil('Bob’s page to follow: full width and small text', async () => (await style(bob.page, 'main article', 'max-width')) === 'none' && (await style(bob.page, '.ProseMirror', 'font-size')) === '14px', 15_000);
    expect(await style(ada.page, '.ProseMirror', 'font-size')).toBe('14px');
  });

  it('lock makes the page read-only for both editors until one of them unlocks it', async () => {
    await openPageMenu(ada);
    await ada.page.getByTestId('option-lock').click();
    await closeMenu(ada);
    await waitUntil('both editors to be read-only', async () => (await editable(ada)) === 'false' && (await editable(bob)) === 'false', 15_000);
    await bob.page.getByTestId('lock-badge').waitFor();
    expect(await bob.page.getByTestId('page-title').getAttribute('readonly')).not.toBeNull();
    // Typing into the locked page changes nothing.
    await editorOf(bob).click();
    await bob.page.keyboard.type('sneaky');
    expect(await editorOf(bob).textContent()).not.toContain('sneaky');
    await screenshotVariants(bob.page, 'page-options-locked');
    // Bob unlocks from the badge; Ada can edit again.
    await bob.page.getByTestId('lock-badge').click();
    await waitUntil('both editors to be editable again', async () => (await editable(ada)) === 'true' && (await editable(bob)) === 'true', 15_000);
    expect(await bob.page.getByTestId('lock-badge').count()).toBe(0);
  });

  it('a cover: a gradient, then an uploaded image, repositioned, seen by Bob, then removed', async () => {
    await ada.page.getByTestId('cover-picker-button').click();
    await ada.page.getByTestId('cover-gradient-ocean').click();
    await bob.page.locator('[data-testid="page-cover"][data-gradient="ocean"]').waitFor({ timeout: 15_000 });
    await screenshotVariants(ada.page, 'page-options-cover-gradient');

    await ada.page.getByTestId('page-cover').hover();
    await ada.page.getByTestId('cover-picker-button').click();
    await ada.page.getByTestId('cover-file-input').setInputFiles({ name: 'harbour.png', mimeType: 'image/png', buffer: png(600, 200, [40, 110, 170]) });
    const bobImage = bob.page.getByTestId('cover-image');
    await bobImage.waitFor({ timeout: 15_000 });
    await waitUntil('Bob’s cover image to load', async () => (await bobImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)) === 600, 15_000);

    // Reposition with the keyboard: two steps up from the middle.
    await ada.page.getByTestId('page-cover').hover();
    await ada.page.getByTestId('cover-reposition').click();
    await ada.page.getByTestId('page-cover').focus();
    await ada.page.keyboard.press('ArrowUp');
    await ada.page.keyboard.press('ArrowUp');
    await ada.page.getByTestId('cover-save-position').click();
    await waitUntil('Bob’s cover to move', async () => (await bob.page.getByTestId('page-cover').getAttribute('data-position')) === '60', 15_000);
    await screenshotVariants(bob.page, 'page-options-cover-image');
    // A public link's reader sees the cover too (the image served with the link's token).
    const link = await api<{ token: string }>(ada, 'POST', `/pages/${pageId}/links`);
    const anonymous = await suite.browser.newContext({ baseURL: suite.stack.webUrl });
    const reader = await anonymous.newPage();
    await reader.goto(`/share/${link.token}`);
    const readerImage = reader.getByTestId('cover-image');
    await readerImage.waitFor({ timeout: 15_000 });
    await waitUntil('the reader’s cover image to load', async () => (await readerImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)) === 600, 15_000);
    expect(await reader.getByTestId('page-cover').getAttribute('data-position')).toBe('60');
    await screenshot(reader, 'page-options-cover-public-link');
    await anonymous.close();

    await ada.page.getByTestId('page-cover').hover();
    await ada.page.getByTestId('cover-remove').click();
    await waitUntil('Bob’s cover to go', async () => (await bob.page.getByTestId('page-cover').count()) === 0, 15_000);
  });

  it('duplicate opens "Copy of …" with the same content, beside the original in the sidebar', async () => {
    await openPageMenu(ada);
    await ada.page.getByTestId('duplicate-page').click();
    await ada.page.waitForURL((url) => url.pathname.startsWith(`/w/${workspaceId}/p/`) && !url.pathname.endsWith(pageId), { timeout: 15_000 });
    await waitUntil('the copy’s title', async () => (await ada.page.getByTestId('page-title').inputValue()) === 'Copy of Team handbook', 15_000);
    await editorOf(ada).getByText('How we work').waitFor();
    const rows = ada.page.getByTestId('tree-row');
    await waitUntil('the copy in the sidebar after the original', async () => {
      const titles = await rows.allTextContents();
      const at = titles.findIndex((t) => t.includes('Team handbook') && !t.includes('Copy'));
      return at >= 0 && (titles[at + 1] ?? '').includes('Copy of Team handbook');
    }, 15_000);
    await screenshot(ada.page, 'page-options-duplicated');

    // From the sidebar row's menu too (with sub-pages): the copy's own copy opens.
    const copyRow = rows.filter({ has: ada.page.locator('text="Copy of Team handbook"') });
    await copyRow.hover();
    await copyRow.getByTestId('row-menu').click();
    await ada.page.getByTestId('row-duplicate').click();
    await waitUntil('the second copy to open', async () => (await ada.page.getByTestId('page-title').inputValue()) === 'Copy of Copy of Team handbook', 15_000);
    await editorOf(ada).getByText('How we work').waitFor();
  });

  it('the theme follows the account to another browser', async () => {
    const settings = await ada.context.newPage();
    await settings.goto('/account');
    await settings.getByTestId('theme-setting').getByText('Dark', { exact: true }).click();
    await waitUntil('the theme to be saved to the account', async () => {
      const res = await ada.context.request.get('/api/auth/me');
      return ((await res.json()) as { user: { theme: string } }).user.theme === 'dark';
    }, 10_000);
    await settings.close();

    // Another browser: no cookie, a fresh sign-in.
    const other = await suite.browser.newContext({ baseURL: suite.stack.webUrl, viewport: { width: 390, height: 844 }, colorScheme: 'light' });
    const page = await other.newPage();
    await page.goto(`/w/${workspaceId}/p/${pageId}`);
    await page.waitForURL(/\/login\?next=/);
    expect(await page.evaluate(() => document.documentElement.dataset.theme ?? 'system')).toBe('system');
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('page-title').waitFor();
    await waitUntil('the account’s dark theme to apply', async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark', 10_000);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(25, 25, 25)');
    // The cookie keeps it for the next first paint.
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('page-title').waitFor();
    await screenshot(page, 'page-options-theme-other-browser-phone');
    await other.close();
  });
});
