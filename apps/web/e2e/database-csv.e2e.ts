import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { screenshotVariants } from './support/browser.js';
import { editorOf, openPageMenu } from './support/editor.js';
import { type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// CSV in and out of databases (issue 17) as people use it: Ada picks a file whose quoting is broken
// and is told the line; then imports a small task list from the sidebar's "Import CSV", keeping a
// code column as text (the server guessed numbers, which would drop the leading zeros) and leaving
// out an internal column; filters the new database to open tasks and exports that view. Then she
// imports one under a page from that page's ⋯ menu, which Bob, reading the page, is not offered.
describe('database CSV import and export', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;

  const TASKS = ['Task,Status,Code,Internal', 'Write the spec,Open,007,x', 'Design the board,Done,012,y', 'Ship it,Open,100,z', 'Review,Open,042,w'].join('\n');
  const dialog = (p: Page) => p.getByTestId('csv-import-dialog');
  const rowsOf = (p: Page) => p.getByTestId('database-table').getByTestId('table-row');
  const columnTexts = (p: Page, property: string) =>
    rowsOf(p)
      .locator(`[data-testid="cell"][data-property="${property}"]`)
      .evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada', { acceptDownloads: true }), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `CSV ${randomUUID().slice(0, 6)}` })).id;
  });

  it('names the first bad line of a broken file and imports nothing', async () => {
    await ada.page.goto(`/w/${workspaceId}`);
    await ada.page.getByTestId('import-csv').click();
    await dialog(ada.page).waitFor();
    await ada.page.getByTestId('csv-file-input').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('Task,Note\nOne,fine\nTwo,"she said "hi""\n') });
    const error = dialog(ada.page).getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('line 3: text follows a closing quote; a quote inside a quoted cell is written ""');
    await screenshotVariants(ada.page, 'database-csv-error');
    // Nothing was created: the sidebar still has no pages.
    expect(await ada.page.getByTestId('empty-tree').count()).toBe(1);
  });

  it('imports with a retyped and a skipped column, and exports the filtered view', async () => {
    await ada.page.getByTestId('csv-file-input').setInputFiles({ name: 'Sprint tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(TASKS) });
    await ada.page.getByTestId('csv-plan').waitFor();
    expect(await ada.page.getByTestId('csv-title').inputValue()).toBe('Sprint tasks');
    expect(await ada.page.getByTestId('csv-summary').textContent()).toBe('Sprint tasks.csv: 4 rows, 4 columns.');
    const columns = ada.page.getByTestId('csv-column');
    expect(await ada.page.getByTestId('csv-column-type').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual(['title', 'select', 'number', 'text']);
    await columns.nth(2).getByTestId('csv-column-type').selectOption({ label: 'Text' });
    await columns.nth(2).getByTestId('csv-column-name').fill('Ticket code');
    await columns.nth(3).getByTestId('csv-column-import').uncheck();
    await screenshotVariants(ada.page, 'database-csv-plan');

    await ada.page.getByTestId('csv-import').click();
    await ada.page.waitForURL(/\/p\//, { timeout: 30_000 });
    const databaseId = ada.page.url().split('/p/')[1]!;
    await waitUntil('the imported rows show', async () => (await columnTexts(ada.page, 'Task')).length === 4, 15_000);
    expect(await columnTexts(ada.page, 'Task')).toEqual(['Write the spec', 'Design the board', 'Ship it', 'Review']);
    expect(await columnTexts(ada.page, 'Ticket code')).toEqual(['007', '012', '100', '042']);
    expect(await ada.page.locator('[data-testid="column-header"][data-property="Internal"]').count()).toBe(0);
    expect(await ada.page.getByTestId('page-title').textContent()).toBe('Sprint tasks');

    // "Status is Open", saved in the view.
    await ada.page.getByTestId('filter-button').click();
    const editor = ada.page.getByTestId('filter-editor');
    await editor.getByTestId('add-filter').click();
    await editor.getByTestId('filter-property').selectOption({ label: 'Status' });
    await editor.getByTestId('filter-operator').selectOption({ label: 'is' });
    await editor.getByTestId('filter-value').selectOption({ label: 'Open' });
    await ada.page.keyboard.press('Escape');
    await waitUntil('the filter applies', async () => (await columnTexts(ada.page, 'Task')).length === 3, 10_000);
    // The export reads the server's copy: wait until it has the filter.
    await waitUntil('saved', async () => (await ada.page.getByTestId('save-status').getAttribute('data-state')) === 'saved', 15_000);

    await ada.page.getByTestId('view-tab').filter({ hasText: 'Table' }).click();
    const [download] = await Promise.all([ada.page.waitForEvent('download'), ada.page.getByTestId('export-view-csv').click()]);
    expect(download.suggestedFilename()).toBe('Sprint tasks - Table.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe('\uFEFFTask,Status,Ticket code\r\nWrite the spec,Open,007\r\nShip it,Open,100\r\nReview,Open,042\r\n');
    expect(databaseId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('imports under a page from its ⋯ menu: the database opens and sits under the page in the sidebar', async () => {
    const parent = await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Planning', content: { kind: 'json', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Where the sprint lives.' }] }] } } });
    await ada.page.goto(`/w/${workspaceId}/p/${parent.id}`);
    await editorOf(ada).getByText('Where the sprint lives.').waitFor();
    await openPageMenu(ada);
    await ada.page.getByTestId('import-csv-inside').waitFor();
    await screenshotVariants(ada.page, 'database-csv-page-menu');

    await ada.page.getByTestId('import-csv-inside').click();
    await dialog(ada.page).waitFor();
    await ada.page.getByTestId('csv-file-input').setInputFiles({ name: 'Backlog.csv', mimeType: 'text/csv', buffer: Buffer.from(TASKS) });
    await ada.page.getByTestId('csv-plan').waitFor();
    await ada.page.getByTestId('csv-import').click();
    await ada.page.waitForURL((url) => url.pathname.startsWith(`/w/${workspaceId}/p/`) && !url.pathname.endsWith(parent.id), { timeout: 30_000 });
    const databaseId = ada.page.url().split('/p/')[1]!;
    await waitUntil('the imported rows show', async () => (await columnTexts(ada.page, 'Task')).length === 4, 15_000);
    expect(await ada.page.getByTestId('page-title').textContent()).toBe('Backlog');
    // In the sidebar, one level down inside Planning's row (opened, as the current page's parent).
    const nested = ada.page.locator(`li:has(> [data-page-id="${parent.id}"]) > ul [data-testid="tree-row"][data-page-id="${databaseId}"]`);
    await nested.waitFor({ timeout: 15_000 });
    expect(await nested.getAttribute('aria-level')).toBe('2');

    // A reader of the page cannot add pages under it, so the menu has no import.
    await personApi(ada, 'PUT', `/pages/${parent.id}/shares`, { email: bob.email, role: 'viewer' });
    await bob.page.goto(`/w/${workspaceId}/p/${parent.id}`);
    await editorOf(bob).getByText('Where the sprint lives.').waitFor();
    await bob.page.getByTestId('page-info-button').click();
    await bob.page.getByTestId('page-info').waitFor();
    expect(await bob.page.getByTestId('import-csv-inside').count()).toBe(0);
  });

  it("imports under a row's page: the sidebar shows the row, under its database, holding the new database", async () => {
    const roadmap = await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title: 'Roadmap' });
    const titleId = (await personApi<{ schema: { properties: Array<{ id: string }> } }>(ada, 'GET', `/databases/${roadmap.id}`)).schema.properties[0]!.id;
    const [launch] = await Promise.all([
      personApi<{ id: string }>(ada, 'POST', `/databases/${roadmap.id}/rows`, { values: { [titleId]: 'Launch' } }),
      personApi<{ id: string }>(ada, 'POST', `/databases/${roadmap.id}/rows`, { values: { [titleId]: 'Polish' } }),
    ]);
    await personApi(ada, 'POST', `/databases/${roadmap.id}/rows/${launch!.id}/page`);
    await ada.page.goto(`/w/${workspaceId}/p/${launch!.id}`);
    await openPageMenu(ada);
    await ada.page.getByTestId('import-csv-inside').click();
    await dialog(ada.page).waitFor();
    await ada.page.getByTestId('csv-file-input').setInputFiles({ name: 'Launch tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(TASKS) });
    await ada.page.getByTestId('csv-plan').waitFor();
    await ada.page.getByTestId('csv-import').click();
    await ada.page.waitForURL((url) => url.pathname.startsWith(`/w/${workspaceId}/p/`) && !url.pathname.endsWith(launch!.id), { timeout: 30_000 });
    const imported = ada.page.url().split('/p/')[1]!;
    await waitUntil('the imported rows show', async () => (await columnTexts(ada.page, 'Task')).length === 4, 15_000);

    // Roadmap › Launch › Launch tasks; Polish, which holds nothing, is not listed.
    const treeRow = (id: string) => ada.page.locator(`[data-testid="tree-row"][data-page-id="${id}"]`);
    const nested = ada.page.locator(`li:has(> [data-page-id="${roadmap.id}"]) > ul li:has(> [data-page-id="${launch!.id}"]) > ul [data-page-id="${imported}"]`);
    await nested.waitFor({ timeout: 15_000 });
    expect(await nested.getAttribute('aria-level')).toBe('3');
    expect(await ada.page.locator(`li:has(> [data-page-id="${roadmap.id}"]) > ul [data-testid="tree-row"]`).count()).toBe(2);
    // The row is renamed, moved and deleted in its database: in the tree it only takes pages inside.
    expect(await treeRow(launch!.id).getAttribute('draggable')).toBe('false');
    await treeRow(launch!.id).hover();
    await treeRow(launch!.id).getByTestId('row-menu').click();
    await ada.page.getByRole('menuitem', { name: 'Add a page inside' }).waitFor();
    expect(await ada.page.getByTestId('row-rename').count()).toBe(0);
    expect(await ada.page.getByTestId('row-trash').count()).toBe(0);
    await screenshotVariants(ada.page, 'database-csv-row-in-sidebar');
    await ada.page.keyboard.press('Escape');
  });
});
