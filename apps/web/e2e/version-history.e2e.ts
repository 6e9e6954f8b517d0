import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { editorText, openPage, saveStatus, typeAtEnd } from './support/editor.js';
import type { Page } from 'playwright-core';
import { screenshot, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Version history in the browser (issue 13): open the panel, save a named version, preview it,
// compare it with the page, restore it — and the other editor's page changes live. A database
// page's version shows its rows as they were and its restore brings them back (issue 17). Against
// the real server, worker, Postgres and Redis.

describe('version history', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  const signUp = (name: string): Promise<Person> => suite.signUp(name);

  const api = personApi;
  const open = (person: Person) => openPage(person, workspaceId, pageId);

  beforeAll(async () => {
    ada = await signUp('Ada');
    bob = await signUp('Bob');
    const workspace = await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `History ${randomUUID().slice(0, 6)}` });
    workspaceId = workspace.id;
    const content = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Launch plan' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'We ship on Monday with the small team.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Ada writes the notes.' }] },
      ],
    };
    const page = await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Launch', content: { kind: 'json', content } });
    pageId = page.id;
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'editor' });
  });

  it('opens the history, saves a named version, previews and compares it, and a restore reaches the other editor live', async () => {
    await Promise.all([open(ada), open(bob)]);

    // The toolbar button opens the panel; the first version is saved by name.
    await ada.page.getByTestId('history-button').click();
    const panel = ada.page.getByTestId('history-panel');
    await panel.waitFor();
    await ada.page.getByTestId('save-version').click();
    await ada.page.getByTestId('version-name').fill('Before the rewrite');
    await ada.page.getByTestId('save-version-submit').click();
    await panel.getByTestId('version-item').filter({ hasText: 'Before the rewrite' }).waitFor();

    // The page moves on: Ada rewrites a sentence and Bob adds one.
    await ada.page.keyboard.press('Control+Alt+KeyH');
    await panel.waitFor({ state: 'detached' });
    await typeAtEnd(ada, ' And Bob checks them twice.');
    await typeAtEnd(bob, ' Late idea from Bob.');
    await waitUntil('both see both edits', async () => (await editorText(ada)).includes('Late idea from Bob.') && (await editorText(bob)).includes('checks them twice'), 30_000);
    await waitUntil('saved', async () => (await saveStatus(ada)) === 'saved' && (await saveStatus(bob)) === 'saved', 30_000);

    // The keyboard shortcut opens the panel again; Bob's panel hears of Ada's version live.
    await ada.page.keyboard.press('Control+Alt+KeyH');
    await panel.waitFor();
    await bob.page.getByTestId('history-button').click();
    await bob.page.getByTestId('history-panel').getByTestId('version-item').filter({ hasText: 'Before the rewrite' }).waitFor();
    await screenshotVariants(ada.page, 'history-panel');

    // Preview: the version's content in the page's look, read-only.
    await panel.getByTestId('version-item').filter({ hasText: 'Before the rewrite' }).click();
    const preview = ada.page.getByTestId('version-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toContain('Ada writes the notes.');
    expect(await preview.innerText()).not.toContain('checks them twice');
    expect(await preview.getAttribute('contenteditable')).toBe('false');
    await preview.locator('h2', { hasText: 'Launch plan' }).waitFor();
    await screenshotVariants(ada.page, 'history-preview');

    // Compare with the current page: what the page added since shows as removed from the version.
    await ada.page.getByTestId('compare-toggle').getByText('Compare with current').click();
    const compare = ada.page.getByTestId('version-compare');
    await compare.waitFor();
    const removed = compare.locator('del[data-diff="removed"]');
    await removed.first().waitFor();
    expect((await removed.allInnerTexts()).join('')).toContain('And Bob checks them twice.');
    const colour = await removed.first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).not.toBe('rgba(0, 0, 0, 0)');
    // Each change in its writer's colour: Ada's sentence and Bob's are told apart, and named.
    const writerOf = async (text: string) => {
      const run = removed.filter({ hasText: text }).first();
      return { author: await run.getAttribute('data-author'), colour: await run.evaluate((el) => getComputedStyle(el).textDecorationColor) };
    };
    const [byAda, byBob] = [await writerOf('checks them twice'), await writerOf('Late idea from Bob')];
    expect(byAda.author).toBeTruthy();
    expect(byBob.author).toBeTruthy();
    expect(byAda.author).not.toBe(byBob.author);
    expect(byAda.colour).not.toBe(byBob.colour);
    await ada.page.getByTestId('compare-legend').waitFor();
    expect((await ada.page.getByTestId('compare-writer').allInnerTexts()).sort()).toEqual(['Ada', 'Bob']);
    await screenshotVariants(ada.page, 'history-compare');

    // Against the previous version (none before the first: everything in it was added).
    await ada.page.getByTestId('compare-toggle').getByText('Compare with previous').click();
    await compare.locator('[data-diff="added"]').first().waitFor();
    await screenshot(ada.page, 'history-compare-previous');

    // Restore, after a confirmation; Bob's open page changes without a reload.
    await ada.page.getByTestId('restore-version').click();
    await ada.page.getByTestId('restore-confirm').waitFor();
    await screenshot(ada.page, 'history-restore-confirm');
    await ada.page.getByTestId('restore-confirm').click();
    await waitUntil(
      "Bob's page shows the restored version",
      async () => {
        const text = await editorText(bob);
        return text.includes('Ada writes the notes.') && !text.includes('checks them twice') && !text.includes('Late idea from Bob.');
      },
      30_000,
    );
    await waitUntil("Ada's page too", async () => !(await editorText(ada)).includes('checks them twice'), 30_000);
    // Both panels list the before-restore version (Bob's through the live event).
    await panel.locator('[data-testid="version-item"][data-kind="before_restore"]').waitFor();
    await bob.page.getByTestId('history-panel').locator('[data-testid="version-item"][data-kind="before_restore"]').waitFor({ timeout: 15_000 });
    await screenshot(bob.page, 'history-after-restore-bob');
    await screenshotVariants(ada.page, 'history-after-restore');
  });

  // The titles a database table shows, top to bottom (a cell's first child: the title cell also
  // holds the "Open" button).
  const titles = (root: ReturnType<Page['getByTestId']>) =>
    root.locator('[data-testid="cell"][data-property="Name"]').evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));

  it('previews a database page\'s older version with its rows as they were, and its restore brings them back live', async () => {
    const database = await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title: 'Launch tasks' });
    await api(ada, 'PUT', `/pages/${database.id}/shares`, { email: bob.email, role: 'editor' });
    const { schema } = await api<{ schema: { properties: Array<{ id: string }> } }>(ada, 'GET', `/databases/${database.id}`);
    const name = schema.properties[0]!.id;
    const row = (title: string) => api<{ id: string }>(ada, 'POST', `/databases/${database.id}/rows`, { values: { [name]: title } });
    const brief = await row('Write the brief');
    const venue = await row('Book the venue');
    await row('Order shirts');
    await api(ada, 'POST', `/pages/${database.id}/versions`, { name: 'Three tasks' });
    // Since then: a row deleted, one renamed, one added.
    await api(ada, 'DELETE', `/databases/${database.id}/rows/${venue.id}`);
    await api(ada, 'PATCH', `/databases/${database.id}/rows/${brief.id}`, { values: { [name]: 'Write the brief, v2' } });
    await row('Print badges');
    const now = ['Write the brief, v2', 'Order shirts', 'Print badges'];
    const then = ['Write the brief', 'Book the venue', 'Order shirts'];

    for (const person of [ada, bob]) {
      await person.page.goto(`/w/${workspaceId}/p/${database.id}`);
      await person.page.getByTestId('database').waitFor({ timeout: 30_000 });
      await waitUntil(`${person.name} sees the rows as they are`, async () => (await titles(person.page.getByTestId('database'))).join() === now.join(), 15_000);
    }

    await ada.page.getByTestId('history-button').click();
    const panel = ada.page.getByTestId('history-panel');
    await panel.getByTestId('version-item').filter({ hasText: 'Three tasks' }).click();
    const version = panel.getByTestId('version-database');
    await version.waitFor();
    await waitUntil('the preview shows the rows as they were', async () => (await titles(version)).join() === then.join(), 15_000);
    // Read-only.
    expect(await version.getByTestId('new-row').count()).toBe(0);
    await screenshotVariants(ada.page, 'history-database-preview');

    // Compared with the current rows: what only the version has, what only the page has, and the
    // renamed row's title, current → this version.
    await panel.getByTestId('compare-toggle').getByText('Compare with current').click();
    const changes = panel.getByTestId('database-compare');
    await changes.waitFor();
    const listed = async () => (await changes.getByTestId('row-change').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-kind')}: ${li.textContent}`)));
    await waitUntil('the rows compared', async () => (await listed()).length === 3, 15_000);
    expect(await listed()).toEqual(['added: Book the venueonly in this version', 'removed: Print badgesonly in the current page', 'changed: Write the briefName: Write the brief, v2 → Write the brief']);
    expect(await panel.getByTestId('database-compare-summary').innerText()).toMatch(/1 row only in this version.*1 row only in the current page.*1 row changed/s);
    await screenshotVariants(ada.page, 'history-database-compare');
    // Against the version before it (none: the first version): every row is new.
    await panel.getByTestId('compare-toggle').getByText('Compare with previous').click();
    await waitUntil('compared with nothing before', async () => (await listed()).join('|') === then.map((t) => `added: ${t}added in this version`).join('|'), 15_000);
    await panel.getByTestId('compare-toggle').getByText('Preview').click();

    await panel.getByTestId('restore-version').click();
    await ada.page.getByTestId('restore-confirm').click();
    // Bob's open table changes without a reload, and so does Ada's.
    await waitUntil("Bob's table shows the restored rows", async () => (await titles(bob.page.getByTestId('database'))).join() === then.join(), 30_000);
    await waitUntil("Ada's too", async () => (await titles(ada.page.getByTestId('database'))).join() === then.join(), 30_000);
    await panel.locator('[data-testid="version-item"][data-kind="before_restore"]').waitFor();
    await screenshotVariants(bob.page, 'history-database-after-restore');
  });
});
