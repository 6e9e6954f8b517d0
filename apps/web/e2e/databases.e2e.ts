import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { screenshot, screenshotVariants } from './support/browser.js';
import { type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// Databases (issue 17) as people use them: Ada builds a small task tracker from the sidebar's
// "New database" (Status, Due date, Points), types into its cells by keyboard, and Bob, with the
// same database open, sees her cell edit and her board drag at once (it is one Yjs document). A
// filter "Status is Done" and a sort are saved in the view, so they are Bob's too.
describe('databases', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let databaseId: string;

  const table = (p: Page) => p.getByTestId('database-table');
  const rowsOf = (p: Page) => table(p).getByTestId('table-row');
  const cell = (p: Page, row: number, property: string) => rowsOf(p).nth(row).locator(`[data-testid="cell"][data-property="${property}"]`);
  // A cell's value as shown (its first child: the title cell also holds the "Open" button).
  const columnTexts = (p: Page, property: string) =>
    rowsOf(p)
      .locator(`[data-testid="cell"][data-property="${property}"]`)
      .evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));
  const titles = (p: Page) => columnTexts(p, 'Name');
  const header = (p: Page, name: string) => table(p).locator(`[data-testid="column-header"][data-property="${name}"]`);

  async function addProperty(p: Page, type: string, name: string): Promise<void> {
    await table(p).getByTestId('add-property').click();
    await p.getByTestId('add-property-menu').getByRole('menuitem', { name: type, exact: true }).click();
    await header(p, type).click();
    const input = p.getByTestId('property-name');
    await input.fill(name);
    await input.press('Enter');
    await header(p, name).waitFor();
  }

  async function typeInto(target: Locator, text: string): Promise<void> {
    await target.click();
    await target.page().keyboard.press('Enter');
    await target.page().getByTestId('cell-input').fill(text);
    await target.page().keyboard.press('Enter');
  }

  async function pick(target: Locator, option: string): Promise<void> {
    await target.click();
    await target.page().keyboard.press('Enter');
    const editor = target.page().getByTestId('option-editor');
    await editor.getByTestId('option-search').fill(option);
    await editor.getByTestId('option-item').filter({ hasText: option }).first().click();
    await editor.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Databases ${randomUUID().slice(0, 6)}` })).id;
  });

  it('builds a task tracker from the sidebar: properties, rows and cells by keyboard', async () => {
    await ada.page.goto(`/w/${workspaceId}`);
    await ada.page.getByTestId('new-database').click();
    await ada.page.waitForURL(/\/p\//, { timeout: 30_000 });
    databaseId = ada.page.url().split('/p/')[1]!;
    await table(ada.page).waitFor();
    await ada.page.getByTestId('page-title').fill('Sprint tasks');
    await ada.page.getByTestId('page-title').press('Enter');

    await addProperty(ada.page, 'Status', 'Status');
    await addProperty(ada.page, 'Date', 'Due date');
    await addProperty(ada.page, 'Number', 'Points');

    for (const title of ['Write the spec', 'Design the board', 'Ship it']) {
      await ada.page.getByTestId('new-row').click();
      await ada.page.getByTestId('cell-input').fill(title);
      await ada.page.keyboard.press('Enter');
    }
    await waitUntil('three rows', async () => (await rowsOf(ada.page).count()) === 3, 10_000);
    expect(await titles(ada.page)).toEqual(['Write the spec', 'Design the board', 'Ship it']);

    // Spreadsheet keys: from a title, right twice lands on Due date... and typing a number replaces it.
    await cell(ada.page, 0, 'Points').click();
    await ada.page.keyboard.type('3');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('5');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('8');
    await ada.page.keyboard.press('Enter');
    await waitUntil('points typed down the column', async () => (await columnTexts(ada.page, 'Points')).join(',') === '3,5,8', 10_000).catch(async (e) => {
      await screenshot(ada.page, 'debug-points');
      console.log(await columnTexts(ada.page, 'Points'), await ada.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200)));
      throw e;
    });

    await pick(cell(ada.page, 0, 'Status'), 'Done');
    await pick(cell(ada.page, 1, 'Status'), 'In progress');
    await pick(cell(ada.page, 2, 'Status'), 'Not started');

    await cell(ada.page, 0, 'Due date').click();
    await ada.page.keyboard.press('Enter');
    await ada.page.getByTestId('date-editor').locator('input').first().fill('2026-12-04');
    await ada.page.keyboard.press('Enter');
    await waitUntil('the due date', async () => (await cell(ada.page, 0, 'Due date').innerText()) === '2026-12-04', 10_000);
    await screenshotVariants(ada.page, 'databases-table');
  });
});
