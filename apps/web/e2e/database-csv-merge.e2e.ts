import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { screenshotVariants } from './support/browser.js';
import { type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// Merge with CSV (issue 17) as people use it: Ada has a Tasks database open, and so does Bob. She
// picks "Merge with CSV" in the view's menu, sees how the file's columns map onto the properties
// (by name, ignoring case; a new "Estimate" property; "abc" will not go into Score), and adds the
// rows; Bob sees them arrive without reloading.
describe('database merge with CSV', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let databaseId: string;

  const TASKS = ['Task,Status,Score', 'Write the spec,Open,3', 'Review,Done,1'].join('\n');
  const MORE = ['task,SCORE,Status,Estimate', 'Plan the launch,7,Open,2', 'Build it,abc,Blocked,5'].join('\n');
  const rowsOf = (p: Page) => p.getByTestId('database-table').getByTestId('table-row');
  const columnTexts = (p: Page, property: string) =>
    rowsOf(p)
      .locator(`[data-testid="cell"][data-property="${property}"]`)
      .evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));
  const dialog = (p: Page) => p.getByTestId('csv-merge-dialog');

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Merge ${randomUUID().slice(0, 6)}` })).id;
    // The database to merge into, made by the new-database import (its own suite covers the dialog).
    const plan = { title: 'Tasks', columns: [{ name: 'Task', type: 'title' }, { name: 'Status', type: 'select' }, { name: 'Score', type: 'number' }] };
    const res = await ada.context.request.post(`/api/databases/import?workspaceId=${workspaceId}`, {
      multipart: { plan: JSON.stringify(plan), file: { name: 'tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(TASKS) } },
    });
    if (res.status() !== 201) throw new Error(`import: ${res.status()} ${await res.text()}`);
    databaseId = ((await res.json()) as { page: { id: string } }).page.id;
    await personApi(ada, 'PUT', `/pages/${databaseId}/shares`, { email: bob.email, role: 'editor' });
    await Promise.all(
      [ada, bob].map(async (who) => {
        await who.page.goto(`/w/${workspaceId}/p/${databaseId}`);
        await waitUntil(`${who.name} sees the tasks`, async () => (await columnTexts(who.page, 'Task')).length === 2, 20_000);
      }),
    );
  });

  it('maps the columns by name, shows what will be lost, and adds the rows live for everyone', async () => {
    await ada.page.getByTestId('view-tab').filter({ hasText: 'Table' }).click();
    await ada.page.getByTestId('merge-csv').click();
    await dialog(ada.page).waitFor();
    await ada.page.getByTestId('csv-file-input').setInputFiles({ name: 'more tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(MORE) });
    await ada.page.getByTestId('csv-merge-plan').waitFor();

    const targets = await ada.page.getByTestId('csv-merge-target').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent));
    expect(targets).toEqual(['Task', 'Score', 'Status', 'New property']);
    expect(await ada.page.getByTestId('csv-merge-type').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual(['number']);
    expect(await ada.page.getByTestId('csv-merge-lost').allTextContents()).toEqual(['', '1 value', '', '']);
    expect(await ada.page.getByTestId('csv-merge-lost-cell').allTextContents()).toEqual(['abc']);
    expect(await ada.page.getByTestId('csv-merge-problems').textContent()).toBe('Line 3, SCORE: "abc" is not a number');
    expect(await ada.page.getByTestId('csv-summary').textContent()).toBe('more tasks.csv: 2 rows. 3 columns into existing properties, 1 new, 0 skipped.');
    await screenshotVariants(ada.page, 'database-csv-merge-plan');

    await ada.page.getByTestId('csv-merge').click();
    await dialog(ada.page).waitFor({ state: 'detached' });
    // Both see the rows and the new property: Bob without doing anything.
    for (const who of [ada, bob]) {
      await waitUntil(`${who.name} sees the merged rows`, async () => (await columnTexts(who.page, 'Task')).length === 4, 15_000);
      expect(await columnTexts(who.page, 'Task')).toEqual(['Write the spec', 'Review', 'Plan the launch', 'Build it']);
      expect(await columnTexts(who.page, 'Score')).toEqual(['3', '1', '7', '']);
      expect(await columnTexts(who.page, 'Estimate')).toEqual(['', '', '2', '5']);
      expect(await columnTexts(who.page, 'Status')).toEqual(['Open', 'Done', 'Open', 'Blocked']);
    }
    await screenshotVariants(bob.page, 'database-csv-merge-live');
  });

  it('names the first bad line of a broken file and adds nothing', async () => {
    await ada.page.getByTestId('view-tab').filter({ hasText: 'Table' }).click();
    await ada.page.getByTestId('merge-csv').click();
    await dialog(ada.page).waitFor();
    await ada.page.getByTestId('csv-file-input').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('Task,Note\nOne,fine\nTwo,"she said "hi""\n') });
    const error = dialog(ada.page).getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('line 3: text follows a closing quote; a quote inside a quoted cell is written ""');
    await ada.page.keyboard.press('Escape');
    await dialog(ada.page).waitFor({ state: 'detached' });
    expect(await columnTexts(bob.page, 'Task')).toHaveLength(4);
  });
});
