import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { editorOf, newLineAbove, openPage, openPageMenu, saveStatus, slashCommand } from './support/editor.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// The richer blocks (issue 18), as people use them: inserted from the slash menu or a Markdown
// shortcut, edited, seen live by a second person, and still there after a reload (from Postgres).

describe('editor blocks', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;
  let roadmapId: string;

  const signUp = (name: string): Promise<Person> => suite.signUp(name, { clipboard: true });

  const api = personApi;

  const open = (person: Person) => openPage(person, workspaceId, pageId);

  beforeAll(async () => {
    [ada, bob] = await Promise.all([signUp('Ada'), signUp('Bob')]);
    workspaceId = (await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `Blocks ${randomUUID().slice(0, 6)}` })).id;
    pageId = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Launch notes' })).id;
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'editor' });
    roadmapId = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Roadmap' })).id;
    await Promise.all([open(ada), open(bob)]);
    await editorOf(ada).click();
    await ada.page.keyboard.type('The end.', { delay: 10 });
  });

  it('a callout from the slash menu takes text and a colour, live for the other editor', async () => {
    await newLineAbove(ada, 'The end.');
    await slashCommand(ada, 'callout', 'callout');
    await ada.page.keyboard.type('Remember the demo on Friday', { delay: 10 });
    const bobsCallout = editorOf(bob).getByTestId('callout').filter({ hasText: 'Remember the demo on Friday' });
    await bobsCallout.waitFor();
    await editorOf(ada).getByTestId('callout').hover();
    await editorOf(ada).getByRole('button', { name: 'blue background' }).click();
    await waitUntil("Bob's callout to turn blue", async () => (await bobsCallout.getAttribute('data-color')) === 'blue', 15_000);
  });

  it('a toggle opens for the person who opens it only, and both edit inside it', async () => {
    await newLineAbove(ada, 'The end.');
    await slashCommand(ada, 'toggle', 'toggle');
    await ada.page.keyboard.type('Why we ship on Fridays', { delay: 10 });
    const adasToggle = editorOf(ada).locator('div[data-type="details"]', { hasText: 'Why we ship on Fridays' });
    await adasToggle.locator(':scope > button').click();
    await adasToggle.locator('div[data-type="detailsContent"] p').first().click();
    await ada.page.keyboard.type('Fewer meetings.', { delay: 10 });

    const bobsToggle = editorOf(bob).locator('div[data-type="details"]', { hasText: 'Why we ship on Fridays' });
    await bobsToggle.waitFor();
    // Ada opened it; for Bob it is still closed (open state is per viewer, never synced).
    expect(await bobsToggle.getAttribute('class')).not.toContain('is-open');
    expect(await bobsToggle.locator('div[data-type="detailsContent"]').isVisible()).toBe(false);
    await bobsToggle.locator(':scope > button').click();
    await bobsToggle.locator('div[data-type="detailsContent"]', { hasText: 'Fewer meetings.' }).waitFor();
    await bobsToggle.locator('div[data-type="detailsContent"] p', { hasText: 'Fewer meetings.' }).click();
    await bob.page.keyboard.press('End');
    await bob.page.keyboard.type(' Bob agrees.', { delay: 10 });
    await adasToggle.locator('div[data-type="detailsContent"]', { hasText: 'Fewer meetings. Bob agrees.' }).waitFor();
    expect(await adasToggle.getAttribute('class')).toContain('is-open');

    // Notion's shortcut: "> " makes a toggle from the line.
    await newLineAbove(ada, 'The end.');
    await ada.page.keyboard.type('> ', { delay: 20 });
    await ada.page.keyboard.type('Typed as a shortcut', { delay: 10 });
    await editorOf(bob).locator('div[data-type="details"] summary', { hasText: 'Typed as a shortcut' }).waitFor();
  });

  it('a code block highlights, takes a language from the picker and copies its text', async () => {
    await newLineAbove(ada, 'The end.');
    await slashCommand(ada, 'code', 'codeBlock');
    await ada.page.keyboard.type('const answer = 42; // the answer', { delay: 5 });
    const adasCode = editorOf(ada).getByTestId('code-block');
    await adasCode.getByRole('combobox', { name: 'Code language' }).selectOption('typescript');
    await editorOf(bob).locator('code.language-typescript', { hasText: 'const answer = 42;' }).waitFor();
    await editorOf(bob).locator('code.language-typescript .hljs-keyword', { hasText: 'const' }).waitFor();
    await editorOf(bob).locator('code.language-typescript .hljs-comment').waitFor();
    await adasCode.getByTestId('code-copy').click();
    await adasCode.getByTestId('code-copy').filter({ hasText: 'Copied' }).waitFor();
    expect(await ada.page.evaluate(() => navigator.clipboard.readText())).toBe('const answer = 42; // the answer');
  });

  it('equations: block from the slash menu, inline from $$…$$, rendered by KaTeX for both people', async () => {
    await newLineAbove(ada, 'The end.');
    await slashCommand(ada, 'equation', 'blockMath');
    await ada.page.getByTestId('math-input').fill('E = mc^2');
    await ada.page.getByTestId('math-preview').locator('.katex').waitFor();
    await ada.page.keyboard.press('Enter');
    await editorOf(bob).locator('div[data-type="block-math"][data-latex="E = mc^2"] .katex').waitFor();

    await newLineAbove(ada, 'The end.');
    await ada.page.keyboard.type('Area is $$\\pi r^2$$ ', { delay: 15 });
    await editorOf(bob).locator('[data-type="inline-math"][data-latex="\\\\pi r^2"] .katex').waitFor();

    // A click on a formula edits it.
    await editorOf(ada).locator('div[data-type="block-math"]').click();
    await ada.page.getByTestId('math-input').fill('E = mc^3');
    await ada.page.keyboard.press('Enter');
    await editorOf(bob).locator('div[data-type="block-math"][data-latex="E = mc^3"] .katex').waitFor();
    // KaTeX fonts come from our own origin (bundled), never a CDN.
    const fonts = await ada.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => /katex|\.woff2?$/i.test(name)));
    for (const font of fonts) expect(new URL(font).origin).toBe(new URL(suite.stack.webUrl).origin);
  });

  it('a table of contents lists the headings as they are written, and a page link opens the page', async () => {
    await newLineAbove(ada, 'The end.');
    await slashCommand(ada, 'toc', 'tableOfContents');
    const bobsToc = editorOf(bob).getByTestId('table-of-contents');
    await bobsToc.waitFor();
    await newLineAbove(ada, 'The end.');
    await ada.page.keyboard.type('## Risks', { delay: 15 });
    await bobsToc.getByRole('button', { name: 'Risks' }).waitFor();

    await newLineAbove(ada, 'The end.');
    await slashCommand(ada, 'page', 'pageLink');
    await ada.page.getByTestId('page-link-picker').getByRole('button', { name: /Roadmap/ }).click();
    const bobsLink = editorOf(bob).getByTestId('page-link').filter({ hasText: 'Roadmap' });
    await bobsLink.waitFor();
    await bobsLink.locator('a').click();
    await bob.page.waitForURL((url) => url.pathname === `/w/${workspaceId}/p/${roadmapId}`);
    await bob.page.goBack();
    await editorOf(bob).waitFor();
  });

  it('the page menu counts words and reading time; Ctrl+/ lists every shortcut', async () => {
    await openPageMenu(ada);
    const words = Number((await ada.page.getByTestId('word-count').innerText()).replace(/\D/g, ''));
    expect(words).toBeGreaterThan(20);
    expect(await ada.page.getByTestId('reading-time').innerText()).toBe('1 min');
    await screenshot(ada.page, 'blocks-page-info');
    await ada.page.keyboard.press('Escape');
    await ada.page.keyboard.press('Control+/');
    const help = ada.page.getByTestId('shortcuts-help');
    await help.waitFor();
    for (const action of ['Bold', 'Highlight', 'Toggle list', 'Block equation', 'Quick find (without a selection)']) await help.getByText(action, { exact: true }).first().waitFor();
    expect(await help.getByText('Ctrl+Shift+H').count()).toBe(1);
    await screenshotVariants(ada.page, 'blocks-shortcuts');
    await ada.page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('the theme can be chosen (system / light / dark) and is kept across reloads', async () => {
    const page = await ada.context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/account');
    const setting = page.getByTestId('theme-setting');
    await setting.waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await setting.getByText('Dark', { exact: true }).click();
    await waitUntil('the page to turn dark', async () => (await background()) === 'rgb(25, 25, 25)', 5_000);
    await page.reload();
    await setting.waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background()).toBe('rgb(25, 25, 25)');
    expect(await setting.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await screenshot(page, 'blocks-theme-dark-account');
    // Light wins over a dark OS; System follows it again.
    await page.emulateMedia({ colorScheme: 'dark' });
    await setting.getByText('Light', { exact: true }).click();
    await waitUntil('the page to turn light', async () => (await background()) === 'rgb(255, 255, 255)', 5_000);
    await setting.getByText('System', { exact: true }).click();
    await waitUntil('the page to follow the dark OS', async () => (await background()) === 'rgb(25, 25, 25)', 5_000);
    await page.close();
  });

  it('everything is still there after a reload, from the server, and looks right in light and dark', async () => {
    await waitUntil('Ada to be Saved', async () => (await saveStatus(ada)) === 'saved', 30_000);
    const fresh = await suite.browser.newContext({ baseURL: suite.stack.webUrl, storageState: await bob.context.storageState() });
    const page = await fresh.newPage();
    await page.goto(`/w/${workspaceId}/p/${pageId}`);
    const editor = page.getByTestId('page-editor');
    await editor.getByTestId('callout').filter({ hasText: 'Remember the demo on Friday' }).waitFor();
    expect(await editor.getByTestId('callout').getAttribute('data-color')).toBe('blue');
    await editor.locator('div[data-type="details"]', { hasText: 'Why we ship on Fridays' }).waitFor();
    await editor.locator('code.language-typescript .hljs-keyword').first().waitFor();
    await editor.locator('div[data-type="block-math"] .katex').waitFor();
    await editor.locator('[data-type="inline-math"] .katex').waitFor();
    await editor.getByTestId('page-link').filter({ hasText: 'Roadmap' }).waitFor();
    await editor.getByTestId('table-of-contents').getByRole('button', { name: 'Risks' }).waitFor();
    // Open the toggle so the screenshots show what is inside.
    await editor.locator('div[data-type="details"]', { hasText: 'Why we ship on Fridays' }).locator(':scope > button').click();
    await screenshotVariants(page, 'blocks');
    await fresh.close();
    await screenshot(ada.page, 'blocks-ada');
  });
});
