import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { Mailbox, TandemStack, waitUntil } from '@tandem/testkit';
import { type Person, personApi, signUpPerson } from './support/people.js';
import { editorOf, openPage } from './support/editor.js';
import { launchBrowser, screenshotVariants } from './support/browser.js';

// Blocks made from web addresses (issue 18): embeds of allow-listed players, from the slash menu
// and from a pasted address, seen live by a second person and after a reload.

describe('blocks from links', () => {
  let stack: TandemStack;
  let browser: Browser;
  let mailbox: Mailbox;
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  const open = (person: Person) => openPage(person, workspaceId, pageId);

  // A fresh empty line just above "The end.", the caret in it (blocks go there, never around it).
  async function newLineAtEnd(): Promise<void> {
    const end = editorOf(ada).locator(':scope > p', { hasText: 'The end.' });
    await end.click({ position: { x: 2, y: 6 } });
    await ada.page.keyboard.press('Home');
    await ada.page.keyboard.press('Enter');
    const line = end.locator('xpath=preceding-sibling::*[1]');
    await waitUntil('an empty line above "The end."', async () => (await line.evaluate((el) => el.tagName === 'P' && el.textContent === '')) === true, 10_000);
    await line.click();
  }

  beforeAll(async () => {
    mailbox = await new Mailbox().start();
    stack = await new TandemStack({ web: true, worker: true, env: { SMTP_URL: mailbox.smtpUrl } }).start();
    browser = await launchBrowser();
    const signUp = (name: string) => signUpPerson(browser, stack.webUrl, mailbox, name, { clipboard: true });
    [ada, bob] = await Promise.all([signUp('Ada'), signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Links ${randomUUID().slice(0, 6)}` })).id;
    pageId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Watch list' })).id;
    await personApi(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'editor' });
    await Promise.all([open(ada), open(bob)]);
    await editorOf(ada).click();
    await ada.page.keyboard.type('Things to watch', { delay: 10 });
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('The end.', { delay: 10 });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await mailbox?.stop();
  });

  it('an embed from the slash menu refuses other sites, frames the player sandboxed, and the other editor sees it', async () => {
    await newLineAtEnd();
    await ada.page.keyboard.type('/embed', { delay: 25 });
    await ada.page.getByTestId('slash-item-embed').waitFor();
    await ada.page.keyboard.press('Enter');
    const dialog = ada.page.getByTestId('embed-dialog');
    await dialog.getByLabel('Link to embed').fill('https://example.com/video/42');
    await dialog.getByRole('button', { name: 'Embed', exact: true }).click();
    await dialog.getByText(/Only links from YouTube, Vimeo, Figma, Loom, Google Maps, CodePen can be embedded/).waitFor();
    await dialog.getByLabel('Link to embed').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await dialog.getByRole('button', { name: 'Embed', exact: true }).click();

    const bobsFrame = editorOf(bob).locator('div[data-type="embed"][data-provider="youtube"] iframe');
    await bobsFrame.waitFor({ state: 'attached' });
    expect(await bobsFrame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    const sandbox = (await bobsFrame.getAttribute('sandbox'))?.split(' ') ?? [];
    expect(sandbox).toEqual(expect.arrayContaining(['allow-scripts', 'allow-same-origin']));
    expect(sandbox.some((token) => /top-navigation|forms|modals|downloads/.test(token))).toBe(false);
    // The page's policy frames the listed players' origins only.
    const csp = (await ada.page.request.get(`/w/${workspaceId}/p/${pageId}`)).headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/frame-src https:\/\/www\.youtube-nocookie\.com [^;]*https:\/\/codepen\.io;/);
  });

  it('a pasted video address offers an embed; taking it replaces the link, and a reload keeps it', async () => {
    await newLineAtEnd();
    await ada.page.evaluate(() => navigator.clipboard.writeText('https://vimeo.com/76979871'));
    await ada.page.keyboard.press('ControlOrMeta+v');
    await editorOf(ada).locator('a[href="https://vimeo.com/76979871"]').waitFor();
    await ada.page.getByTestId('pasted-link-embed').filter({ hasText: 'Embed Vimeo' }).click();
    await editorOf(bob).locator('div[data-type="embed"][data-provider="vimeo"] iframe[src="https://player.vimeo.com/video/76979871"]').waitFor({ state: 'attached' });
    await waitUntil('the link to be gone', async () => (await editorOf(ada).locator('a[href="https://vimeo.com/76979871"]').count()) === 0, 10_000);

    // Any other address stays a plain link, with no offer.
    await newLineAtEnd();
    await ada.page.evaluate(() => navigator.clipboard.writeText('https://example.com/post'));
    await ada.page.keyboard.press('ControlOrMeta+v');
    await editorOf(bob).locator('a[href="https://example.com/post"]').waitFor();
    expect(await ada.page.getByTestId('pasted-link-menu').count()).toBe(0);

    await bob.page.reload();
    await editorOf(bob).locator('div[data-type="embed"][data-provider="vimeo"] iframe').waitFor({ state: 'attached' });
    expect(await editorOf(bob).locator('div[data-type="embed"]').count()).toBe(2);
    // A selected embed has no formatting toolbar (nothing in it to format).
    await editorOf(ada).locator('div[data-type="embed"][data-provider="vimeo"]').click({ position: { x: 2, y: 2 } });
    await editorOf(ada).locator('div[data-type="embed"].ProseMirror-selectednode').waitFor();
    expect(await ada.page.getByTestId('bubble-menu').isVisible()).toBe(false);
    await screenshotVariants(bob.page, 'link-blocks-embeds');
  });
});
