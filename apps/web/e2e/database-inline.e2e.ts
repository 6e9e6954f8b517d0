import { randomUUID } from 'node:crypto';
import type { Editor } from '@tiptap/react';
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { screenshot, screenshotVariants } from './support/browser.js';
import { editorOf, editorText, newLineAbove, openPage, saveStatus, slashCommand } from './support/editor.js';
import { type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// Databases inside pages (issue 17): Ada makes an inline database in a page with the slash menu and
// types its rows; Bob, with the page open, sees them arrive (the block opens the database page's
// own document). A linked view of another database shows that database's rows and keeps its own
// tab choice in the page. Cleo, who may read the page but not the database, sees a placeholder and
// none of its rows; once the database is trashed, the block says so and can be removed.
describe('inline databases and linked views', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let cleo: Person;
  let workspaceId: string;
  let planId: string;
  let inlineId: string;
  let bugsId: string;

  const block = (p: Page, databaseId: string) => editorOf(p).locator(`[data-testid="database-block"][data-database-id="${databaseId}"]`);
  const titlesIn = (scope: Locator) =>
    scope.locator('[data-testid="table-row"] [data-testid="cell"][data-property="Name"]').evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));

  async function slash(p: Page, id: string): Promise<void> {
    await editorOf(p).locator('p', { hasText: 'Plan for Q3' }).click();
    await p.keyboard.press('End');
    await p.keyboard.press('Enter');
    await slashCommand(p, 'database', id);
  }

  async function addRow(scope: Locator, title: string): Promise<void> {
    const p = scope.page();
    await scope.getByTestId('new-row').click();
    await p.getByTestId('cell-input').fill(title);
    await p.keyboard.press('Enter');
  }

  beforeAll(async () => {
    [ada, bob, cleo] = await Promise.all([suite.signUp('Ada', { clipboard: true }), suite.signUp('Bob'), suite.signUp('Cleo')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Inline ${randomUUID().slice(0, 6)}` })).id;
    const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
    planId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Team plan', content: { kind: 'json', content: { type: 'doc', content: [paragraph('Plan for Q3')] } } })).id;
    await personApi(ada, 'PUT', `/pages/${planId}/shares`, { email: bob.email, role: 'editor' });
    // Bugs lives under another page, never shared with Cleo.
    const trackerId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Engineering' })).id;
    bugsId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { parentId: trackerId, kind: 'database', title: 'Bugs' })).id;
    const schema = await personApi<{ schema: { properties: { id: string; type: string }[] } }>(ada, 'GET', `/databases/${bugsId}`);
    const titleId = schema.schema.properties.find((p) => p.type === 'title')!.id;
    // Bob reads Bugs (shared on its own); Cleo, given only the plan later, never does.
    await personApi(ada, 'PUT', `/pages/${bugsId}/shares`, { email: bob.email, role: 'viewer' });
    for (const title of ['Crash on save', 'Slow search']) await personApi(ada, 'POST', `/databases/${bugsId}/rows`, { values: { [titleId]: title } });
  });

  it('makes an inline database with the slash menu; Bob, with the page open, sees the rows typed', async () => {
    await Promise.all([openPage(ada, workspaceId, planId, 'Plan for Q3'), openPage(bob, workspaceId, planId, 'Plan for Q3')]);
    await slash(ada.page, 'databaseInline');
    await editorOf(ada.page).getByTestId('database-block').getByTestId('database-table').waitFor({ timeout: 30_000 });
    inlineId = (await editorOf(ada.page).getByTestId('database-block').getAttribute('data-database-id'))!;
    const adaBlock = block(ada.page, inlineId);
    // It is a new database page under this page: the page holds only the block.
    const made = await personApi<{ page: { parentId: string; kind: string } }>(ada, 'GET', `/pages/${inlineId}`);
    expect(made.page).toMatchObject({ parentId: planId, kind: 'database' });

    await adaBlock.getByTestId('database-block-title').fill('Q3 tasks');
    await adaBlock.getByTestId('database-block-title').press('Enter');
    await addRow(adaBlock, 'Hire a designer');
    await addRow(adaBlock, 'Plan the offsite');
    await waitUntil('Ada’s two rows', async () => (await titlesIn(adaBlock)).join('|') === 'Hire a designer|Plan the offsite', 10_000);

    const bobBlock = block(bob.page, inlineId);
    await waitUntil('Bob sees Ada’s rows live', async () => (await titlesIn(bobBlock)).join('|') === 'Hire a designer|Plan the offsite', 30_000);
    // And the other way: Bob adds one, Ada sees it.
    await addRow(bobBlock, 'Book the venue');
    await waitUntil('Ada sees Bob’s row', async () => (await titlesIn(adaBlock)).includes('Book the venue'), 15_000);

    // The rename went to the database page, and the block keeps the title for exports.
    await waitUntil('the database renamed', async () => (await personApi<{ page: { title: string } }>(ada, 'GET', `/pages/${inlineId}`)).page.title === 'Q3 tasks', 10_000);
    // Exported, the block is a link with the database's title; its rows are not this page's text.
    const html = await waitForExport(ada, planId, 'Q3 tasks</a>');
    expect(html).not.toContain('Hire a designer');
    // The page's text is what it was, plus the block: typing in the database wrote nothing here.
    expect((await editorText(ada)).split('\n')[0]).toBe('Plan for Q3');

    // The keyboard moves past the block as past any block: down selects it, down again leaves it,
    // up comes back to it and to the line above.
    await editorOf(ada.page).locator('p', { hasText: 'Plan for Q3' }).click();
    await ada.page.keyboard.press('End');
    const selected = () => selectedNode(ada.page);
    await ada.page.keyboard.press('ArrowDown');
    await waitUntil('the block selected', async () => (await selected()) === 'databaseBlock', 5_000);
    await ada.page.keyboard.press('ArrowDown');
    await waitUntil('past the block', async () => (await selected()) !== 'databaseBlock', 5_000);
    await ada.page.keyboard.press('ArrowUp');
    await waitUntil('back on the block', async () => (await selected()) === 'databaseBlock', 5_000);
    await ada.page.keyboard.press('ArrowUp');
    await waitUntil('on the line above', async () => (await selected()) === 'paragraph:Plan for Q3', 5_000);
    await screenshotVariants(ada.page, 'database-inline');
  });

  it('shows a linked view of another database with its own choice of view', async () => {
    await slash(ada.page, 'databaseLinked');
    const picker = ada.page.getByTestId('database-picker');
    await picker.waitFor();
    await ada.page.getByLabel('Find a database').fill('bug');
    await picker.getByRole('button', { name: /Bugs/ }).click();
    const linked = block(ada.page, bugsId);
    await waitUntil('the linked rows', async () => (await titlesIn(linked)).join('|') === 'Crash on save|Slow search', 30_000);
    // A new board view chosen in this block is this block's: stored in the page, so Bob sees it too.
    await linked.getByTestId('add-view').click();
    await ada.page.getByTestId('add-view-board').click();
    await linked.locator('[data-testid="database"][data-view-layout="board"]').waitFor();
    const bobLinked = block(bob.page, bugsId);
    await bobLinked.locator('[data-testid="database"][data-view-layout="board"]').waitFor({ timeout: 30_000 });
    // The inline database in the same page still shows its own table.
    expect(await block(ada.page, inlineId).getByTestId('database').getAttribute('data-view-layout')).toBe('table');
    await screenshot(ada.page, 'database-linked-board');
  });

  it('keeps the block through copy and paste and undo, and the history preview shows it as a card', async () => {
    // Select the linked view with the keyboard and copy it; paste it on a new line above.
    await editorOf(ada.page).locator('p', { hasText: 'Plan for Q3' }).click();
    await ada.page.keyboard.press('End');
    await ada.page.keyboard.press('ArrowDown');
    await expectSelection(ada.page, 'databaseBlock');
    await ada.page.keyboard.press('ControlOrMeta+c');
    // A new empty line above the first one, the caret in it (newLineAbove waits out Bob's caret
    // broadcasts, which under load put Ada's old selection back between a click and Enter).
    await newLineAbove(ada, 'Plan for Q3');
    await expectSelection(ada.page, 'paragraph:');
    await ada.page.keyboard.press('ControlOrMeta+v');
    // The copy is the same database with the same view choice, for Bob too; both show it live (one
    // session of the database for the tab, however many blocks show it).
    await waitUntil('two linked views', async () => (await block(ada.page, bugsId).count()) === 2, 20_000);
    await block(ada.page, bugsId).nth(0).locator('[data-testid="database"][data-view-layout="board"]').waitFor({ timeout: 30_000 });
    await block(ada.page, bugsId).nth(1).locator('[data-testid="database"][data-view-layout="board"]').waitFor({ timeout: 30_000 });
    await waitUntil('Bob sees the copy', async () => (await block(bob.page, bugsId).count()) === 2, 15_000);

    // A version of the page shows each block as a card with its title, never the rows.
    await ada.page.getByTestId('history-button').click();
    const panel = ada.page.getByTestId('history-panel');
    await panel.waitFor();
    await ada.page.getByTestId('save-version').click();
    await ada.page.getByTestId('version-name').fill('With databases');
    await ada.page.getByTestId('save-version-submit').click();
    await panel.getByTestId('version-item').filter({ hasText: 'With databases' }).click();
    const preview = ada.page.getByTestId('version-preview');
    await preview.waitFor();
    await preview.locator('a[data-type="database-block"]', { hasText: 'Q3 tasks' }).waitFor();
    expect(await preview.locator('a[data-type="database-block"]', { hasText: 'Bugs' }).count()).toBe(2);
    expect(await preview.innerText()).not.toContain('Hire a designer');
    await screenshotVariants(ada.page, 'database-inline-history');
    await ada.page.keyboard.press('Control+Alt+KeyH');
    await panel.waitFor({ state: 'detached' });

    // Undo takes the pasted copy back out (the paste was Ada's last edit).
    await focusStart(ada.page);
    await ada.page.keyboard.press('ControlOrMeta+z');
    await waitUntil('one linked view again', async () => (await block(ada.page, bugsId).count()) === 1 && (await block(bob.page, bugsId).count()) === 1, 15_000);
  });

  it('shows a reader without access to the database a placeholder, and none of its rows', async () => {
    await personApi(ada, 'PUT', `/pages/${planId}/shares`, { email: cleo.email, role: 'viewer' });
    await openPage(cleo, workspaceId, planId, 'Plan for Q3');
    const cleoLinked = block(cleo.page, bugsId);
    await cleoLinked.getByTestId('database-block-placeholder').filter({ hasText: 'No access to this database' }).waitFor({ timeout: 30_000 });
    expect(await cleoLinked.innerText()).not.toContain('Crash on save');
    // The inline database is a sub-page of the shared page, so Cleo reads it (and cannot edit it).
    await waitUntil('Cleo reads the inline rows', async () => (await titlesIn(block(cleo.page, inlineId))).length === 3, 30_000);
    expect(await block(cleo.page, inlineId).getByTestId('new-row').count()).toBe(0);
    await screenshotVariants(cleo.page, 'database-inline-no-access');
  });

  it('says a trashed database was deleted, and removing the block leaves the database in the trash', async () => {
    await personApi(ada, 'POST', `/pages/${bugsId}/trash`);
    await openPage(ada, workspaceId, planId, 'Plan for Q3');
    const linked = block(ada.page, bugsId);
    await linked.getByTestId('database-block-placeholder').filter({ hasText: 'This database was deleted' }).waitFor({ timeout: 30_000 });
    // Opening the page wrote nothing: it settles to "Saved" with the block as it was.
    await waitUntil('saved', async () => (await saveStatus(ada)) === 'saved', 20_000);
    await screenshot(ada.page, 'database-inline-deleted');
    await linked.getByTestId('database-block-remove').click();
    await linked.waitFor({ state: 'detached' });
    await waitUntil('Bob’s page loses the block too', async () => (await block(bob.page, bugsId).count()) === 0, 15_000);
    const bugs = await personApi<{ page: { deletedAt: string | null } }>(ada, 'GET', `/pages/${bugsId}`);
    expect(bugs.page.deletedAt).not.toBeNull();
    // Undo brings the block back (the database was never touched), for Bob too.
    await editorOf(ada.page).locator('p', { hasText: 'Plan for Q3' }).click();
    await ada.page.keyboard.press('Control+z');
    await linked.getByTestId('database-block-placeholder').waitFor({ timeout: 10_000 });
    await block(bob.page, bugsId).waitFor({ timeout: 15_000 });
  });
});

// The page's HTML export as the server writes it (the same Markdown a Markdown export holds, made
// into HTML), once it holds `text`: the persist of the block's new title may lag its rename.
async function waitForExport(person: Person, pageId: string, text: string): Promise<string> {
  let html = '';
  await waitUntil(`the export to hold "${text}"`, async () => {
    html = await (await person.context.request.get(`/api/pages/${pageId}/export?format=html`)).text();
    return html.includes(text);
  }, 20_000);
  return html;
}

// What the editor's selection is: a selected block's type, or the caret's block type and text.
// The caret at the start of the page, the editor focused (what a click on the first line does).
// Tiptap focuses the editor's element on the next animation frame: a key pressed before it lands on
// the page's body (a busy machine's Ctrl+Z undid nothing), so wait for the focus.
const focusStart = async (p: Page) => {
  await editorOf(p).evaluate((root) => {
    (root as HTMLElement & { editor: Editor }).editor.commands.focus('start');
  });
  await waitUntil('the editor focused', () => editorOf(p).evaluate((root) => root.contains(document.activeElement)), 10_000);
};

// Waits for the editor's selection to be `want`, and says what it was instead when it never is.
async function expectSelection(p: Page, want: string): Promise<void> {
  let last = '';
  try {
    await waitUntil(`the selection ${want}`, async () => (last = await selectedNode(p)) === want, 10_000);
  } catch {
    throw new Error(`the selection stayed ${JSON.stringify(last)}, not ${JSON.stringify(want)}`);
  }
}

const selectedNode = (p: Page) =>
  editorOf(p).evaluate((root) => {
    const { selection } = (root as HTMLElement & { editor: Editor }).editor.state;
    const node = (selection as { node?: { type: { name: string } } }).node;
    return node ? node.type.name : `${selection.$from.parent.type.name}:${selection.$from.parent.textContent}`;
  });
