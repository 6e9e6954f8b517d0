import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { CollabProvider } from '@tandem/collab-client';
import { addProperty, addRows } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import { waitUntil } from '@tandem/testkit';
import { screenshotVariants } from './support/browser.js';
import { PASSWORD, type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// The table view's spreadsheet features (issue 17) with two people on one database: Ada resizes,
// reorders and freezes columns, picks column summaries, drags a row and deletes a shift-selected
// range; Bob, with the same database open, sees each change (widths, order and summaries are saved
// in the shared view; rows are the shared document).
describe('database table', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let databaseId: string;

  const table = (p: Page) => p.getByTestId('database-table');
  const rowsOf = (p: Page) => table(p).getByTestId('table-row');
  const titles = (p: Page) =>
    rowsOf(p)
      .locator('[data-testid="cell"][data-property="Name"]')
      .evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));
  const header = (p: Page, name: string) => table(p).locator(`[data-testid="column-header"][data-property="${name}"]`);
  const headerOrder = (p: Page) => table(p).getByTestId('column-header').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.property));
  // A column's drawn width: its header cell's (the grid track).
  const widthOf = (p: Page, name: string) => header(p, name).evaluate((el) => Math.round(el.parentElement!.getBoundingClientRect().width));
  const leftOf = async (p: Page, name: string) => Math.round((await header(p, name).boundingBox())!.x);
  const summary = (p: Page, name: string) => table(p).locator(`[data-testid="summary"][data-property="${name}"]`);
  const summaryText = (p: Page, name: string) => summary(p, name).getByTestId('summary-value').innerText().catch(() => '');

  async function chooseSummary(p: Page, property: string, kind: string): Promise<void> {
    await summary(p, property).click();
    await p.getByTestId('summary-menu').locator(`[data-kind="${kind}"]`).click();
    await waitUntil(`${kind} of ${property}`, async () => (await summary(p, property).getAttribute('data-kind')) === kind, 5_000);
  }

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Table ${randomUUID().slice(0, 6)}` })).id;
    databaseId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title: 'Launch plan' })).id;
    await personApi(ada, 'PUT', `/pages/${databaseId}/shares`, { email: bob.email, role: 'editor' });
    // A bot builds the columns and rows through the same collaboration path as the web.
    await asBot(ada, (doc) => {
      const by = { userId: ada.id, now: new Date().toISOString() };
      addProperty(doc, databaseId, { id: 'points', name: 'Points', type: 'number', format: 'plain' });
      addProperty(doc, databaseId, { id: 'done', name: 'Done', type: 'checkbox' }, 'points');
      addProperty(doc, databaseId, { id: 'due', name: 'Due', type: 'date', includeTime: false, includeEnd: false }, 'done');
      for (const [i, name] of ['Notes', 'Owner notes', 'Risks', 'Links'].entries()) addProperty(doc, databaseId, { id: `text${i}`, name, type: 'text' });
      const title = titleIdOf(doc);
      const row = (name: string, points: number | null, done: boolean, due: string | null) => ({
        id: randomUUID(),
        values: { [title]: name, ...(points === null ? {} : { points }), done, ...(due ? { due: { start: due, end: null } } : {}), text0: `About ${name}` },
      });
      addRows(
        doc,
        databaseId,
        [
          row('Alpha', 5, true, '2026-12-10'),
          row('Bravo', 3, false, '2026-12-02'),
          row('Charlie', 8, true, '2026-12-20'),
          row('Delta', null, false, null),
          row('Echo', 2, false, '2026-12-05'),
          row('Foxtrot', 10, true, null),
        ],
        by,
      );
    });
    await Promise.all(
      [ada, bob].map(async (who) => {
        await who.page.goto(`/w/${workspaceId}/p/${databaseId}`);
        await waitUntil(`${who.name} sees six rows`, async () => (await titles(who.page)).length === 6, 30_000);
      }),
    );
  });

  it('resizes a column by its edge, for everyone, and a double-click resets it', async () => {
    expect(await widthOf(ada.page, 'Points')).toBe(180);
    const edge = table(ada.page).locator('[role="columnheader"][aria-label="Points"]').getByTestId('column-resizer');
    const box = (await edge.boundingBox())!;
    await ada.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ada.page.mouse.down();
    await ada.page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
    await ada.page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
    await ada.page.mouse.up();
    await waitUntil('Points 300 px wide', async () => (await widthOf(ada.page, 'Points')) === 300, 5_000);
    await waitUntil('Bob sees the width', async () => (await widthOf(bob.page, 'Points')) === 300, 5_000);
    // Dragged far left: clamped to the schema's minimum, never an invalid view.
    await ada.page.mouse.move(box.x + 120 + box.width / 2, box.y + box.height / 2);
    await ada.page.mouse.down();
    await ada.page.mouse.move(box.x - 400, box.y + box.height / 2, { steps: 4 });
    await ada.page.mouse.up();
    await waitUntil('Bob sees the minimum width', async () => (await widthOf(bob.page, 'Points')) === 40, 5_000);
    await edge.dblclick();
    await waitUntil('the default width again, for both', async () => (await widthOf(ada.page, 'Points')) === 180 && (await widthOf(bob.page, 'Points')) === 180, 5_000);
  });

  it('reorders columns by dragging a header, and with Move left/right from the menu', async () => {
    expect((await headerOrder(ada.page)).slice(0, 4)).toEqual(['Name', 'Points', 'Done', 'Due']);
    await header(ada.page, 'Done').dragTo(header(ada.page, 'Name'), { targetPosition: { x: 4, y: 10 } });
    await waitUntil('Done first', async () => (await headerOrder(ada.page))[0] === 'Done', 5_000);
    await waitUntil('Bob sees Done first', async () => (await headerOrder(bob.page)).slice(0, 4).join() === 'Done,Name,Points,Due', 5_000);
    await header(ada.page, 'Done').click();
    await ada.page.getByTestId('move-right').click();
    await ada.page.getByTestId('move-right').click();
    await ada.page.keyboard.press('Escape');
    await waitUntil('Done two steps right, for Bob', async () => (await headerOrder(bob.page)).slice(0, 4).join() === 'Name,Points,Done,Due', 5_000);
  });

  it('summarises columns over the rows the view shows', async () => {
    await chooseSummary(ada.page, 'Points', 'sum');
    await waitUntil('sum 28', async () => (await summaryText(ada.page, 'Points')) === '28', 5_000);
    await waitUntil('Bob sees sum 28', async () => (await summaryText(bob.page, 'Points')) === '28', 5_000);
    await chooseSummary(ada.page, 'Points', 'average');
    expect(await summaryText(ada.page, 'Points')).toBe('5.6');
    await chooseSummary(ada.page, 'Points', 'median');
    expect(await summaryText(ada.page, 'Points')).toBe('5');
    await chooseSummary(ada.page, 'Points', 'count_empty');
    expect(await summaryText(ada.page, 'Points')).toBe('1');
    await chooseSummary(ada.page, 'Points', 'sum');
    await chooseSummary(ada.page, 'Done', 'percent_checked');
    expect(await summaryText(ada.page, 'Done')).toBe('50%');
    await chooseSummary(ada.page, 'Due', 'earliest');
    expect(await summaryText(ada.page, 'Due')).toBe('2026-12-02');
    await chooseSummary(ada.page, 'Name', 'count_all');
    expect(await summaryText(ada.page, 'Name')).toBe('6');
    // A number column offers no date figures; a date column no sums.
    await summary(ada.page, 'Due').click();
    expect(await ada.page.getByTestId('summary-menu').locator('[data-kind="sum"]').count()).toBe(0);
    await ada.page.keyboard.press('Escape');
    // Only the rows in view count: searching narrows them and the figures follow.
    await ada.page.getByTestId('database-search').fill('ha');
    await waitUntil('two rows match', async () => (await titles(ada.page)).join() === 'Alpha,Charlie', 5_000);
    expect(await summaryText(ada.page, 'Points')).toBe('13');
    expect(await summaryText(ada.page, 'Done')).toBe('100%');
    expect(await summaryText(ada.page, 'Due')).toBe('2026-12-10');
    await ada.page.getByTestId('database-search').fill('');
    await waitUntil('six rows again', async () => (await summaryText(ada.page, 'Name')) === '6', 5_000);
  });

  it('freezes the first columns: they stay put while the table scrolls sideways', async () => {
    await header(ada.page, 'Points').click();
    await ada.page.getByTestId('freeze-columns').click();
    for (const who of [ada, bob]) {
      await waitUntil(`${who.name}: Points frozen`, async () => (await header(who.page, 'Points').evaluate((el) => getComputedStyle(el.parentElement!).position)) === 'sticky', 5_000);
      const scroller = table(who.page);
      expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth + 200)).toBe(true);
      const before = { name: await leftOf(who.page, 'Name'), points: await leftOf(who.page, 'Points'), due: await leftOf(who.page, 'Due') };
      await scroller.evaluate((el) => (el.scrollLeft = 200));
      await waitUntil(`${who.name}: Due scrolled`, async () => (await leftOf(who.page, 'Due')) === before.due - 200, 5_000);
      expect(await leftOf(who.page, 'Name')).toBe(before.name);
      expect(await leftOf(who.page, 'Points')).toBe(before.points);
      // Cells follow their header, the summary row too.
      const cell = rowsOf(who.page).nth(0).locator('[data-testid="cell"][data-property="Name"]');
      expect(Math.round((await cell.boundingBox())!.x)).toBe(before.name);
      expect(Math.round((await summary(who.page, 'Points').boundingBox())!.x)).toBe(before.points);
    }
    await screenshotVariants(ada.page, 'database-table-frozen');
    await table(ada.page).evaluate((el) => (el.scrollLeft = 0));
  });

  it('moves a row by dragging its handle (no sort), for everyone', async () => {
    await rowsOf(ada.page).nth(5).hover();
    await rowsOf(ada.page).nth(5).getByTestId('row-handle').dragTo(rowsOf(ada.page).nth(0), { targetPosition: { x: 300, y: 4 } });
    await waitUntil('Foxtrot first', async () => (await titles(ada.page)).join() === 'Foxtrot,Alpha,Bravo,Charlie,Delta,Echo', 5_000);
    await waitUntil('Bob sees Foxtrot first', async () => (await titles(bob.page)).join() === 'Foxtrot,Alpha,Bravo,Charlie,Delta,Echo', 5_000);
    await rowsOf(ada.page).nth(1).getByTestId('row-handle').dragTo(rowsOf(ada.page).nth(3), { targetPosition: { x: 300, y: 30 } });
    await waitUntil('Alpha after Charlie', async () => (await titles(bob.page)).join() === 'Foxtrot,Bravo,Charlie,Alpha,Delta,Echo', 5_000);
  });

  it('selects a range with shift-click, clears it with Esc, deletes with a confirm', async () => {
    const tick = (i: number, shift = false) => rowsOf(ada.page).nth(i).getByLabel('Select row').click(shift ? { modifiers: ['Shift'] } : undefined);
    await tick(1);
    await tick(3, true);
    await waitUntil('three selected', async () => (await ada.page.getByTestId('selection-count').innerText().catch(() => '')) === '3 selected', 5_000);
    await screenshotVariants(ada.page, 'database-table-selection');
    await table(ada.page).focus();
    await ada.page.keyboard.press('Escape');
    await ada.page.getByTestId('selection-bar').waitFor({ state: 'detached', timeout: 5_000 });
    // The header box selects every row in view; again to clear.
    await table(ada.page).getByLabel('Select all rows').click();
    expect(await ada.page.getByTestId('selection-count').innerText()).toBe('6 selected');
    await table(ada.page).getByLabel('Select all rows').click();

    await tick(1);
    await tick(2, true);
    // Declining the confirm deletes nothing.
    ada.page.once('dialog', (d) => void d.dismiss());
    await ada.page.getByTestId('delete-rows').click();
    expect((await titles(ada.page)).length).toBe(6);
    ada.page.once('dialog', (d) => void d.accept());
    await ada.page.getByTestId('delete-rows').click();
    await waitUntil('Bravo and Charlie gone for both', async () => (await titles(bob.page)).join() === 'Foxtrot,Alpha,Delta,Echo' && (await titles(ada.page)).length === 4, 5_000);
    // Delete on the keyboard does the same for the selection.
    await tick(2);
    ada.page.once('dialog', (d) => void d.accept());
    await ada.page.keyboard.press('Delete');
    await waitUntil('Delta gone for Bob', async () => (await titles(bob.page)).join() === 'Foxtrot,Alpha,Echo', 5_000);
    // The summaries follow the rows: 10 + 5 + 2.
    await waitUntil('Bob sees the new sum', async () => (await summaryText(bob.page, 'Points')) === '17', 5_000);
  });

  async function asBot(person: Person, write: (doc: Y.Doc) => void): Promise<void> {
    const login = await fetch(`${suite.stack.serverUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: person.email, password: PASSWORD }) });
    const { token: session } = (await login.json()) as { token: string };
    const doc = new Y.Doc();
    const provider = new CollabProvider({
      url: suite.stack.serverUrl,
      pageId: databaseId,
      doc,
      token: async () => {
        const res = await fetch(`${suite.stack.serverUrl}/auth/socket-token`, { method: 'POST', headers: { authorization: `Bearer ${session}` } });
        return ((await res.json()) as { token: string }).token;
      },
    });
    try {
      await new Promise<void>((resolve) => provider.on('synced', (synced: boolean) => synced && resolve()));
      write(doc);
      await waitUntil('the bot saved', async () => provider.saved, 30_000);
    } finally {
      provider.destroy();
    }
  }
});

function titleIdOf(doc: Y.Doc): string {
  for (const [id, entry] of doc.getMap<Y.Map<unknown>>('db.properties')) if ((entry.get('def') as { type?: string }).type === 'title') return id;
  throw new Error('no title property');
}
