import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { CollabProvider } from '@tandem/collab-client';
import { defaultStatusOptions } from '@tandem/database';
import { addProperty, addRows, readSchema } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import { waitUntil } from '@tandem/testkit';
import { screenshot, screenshotVariants } from './support/browser.js';
import { png } from './support/images.js';
import { PASSWORD, type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// Database views beyond the table (issue 17): a gallery whose cards show each row page's first
// image, tables and lists grouped by Status in collapsible sections where "+ New" lands in the
// group, and undo/redo of one's own database edits that leaves another person's edit alone.
// Against the real server, worker, Postgres and Redis.
describe('database views: gallery, groups, undo', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let databaseId: string;

  const databasePath = () => `/w/${workspaceId}/p/${databaseId}`;
  const tab = (p: Page, name: string) => p.getByTestId('view-tab').filter({ hasText: name });
  const cards = (p: Page) => p.getByTestId('database-gallery').getByTestId('gallery-card');
  const section = (p: Page, name: string) => p.locator(`[data-testid="group"][data-group="${name}"]`);
  const countIn = async (p: Page, name: string) => Number(await section(p, name).getByTestId('group-count').innerText());
  const tableRows = (p: Page) => p.getByTestId('database-table').getByTestId('table-row');
  const cellOf = (row: Locator, property: string) => row.locator(`[data-testid="cell"][data-property="${property}"]`);
  const rowNamed = (p: Page, title: string) => tableRows(p).filter({ has: p.locator('[data-testid="cell"][data-property="Name"]', { hasText: new RegExp(`^${title}`) }) });
  // A row's Points as shown ('' when empty).
  const pointsOf = async (p: Page, title: string) => (await cellOf(rowNamed(p, title), 'Points').evaluate((c) => c.firstElementChild?.textContent ?? '')).trim();

  async function groupBy(p: Page, property: string): Promise<void> {
    await p.getByTestId('group-button').click();
    await p.getByTestId('group-by').selectOption({ label: property });
    await p.keyboard.press('Escape');
  }

  async function typeInto(target: Locator, text: string): Promise<void> {
    await target.click();
    await target.page().keyboard.press('Enter');
    await target.page().getByTestId('cell-input').fill(text);
    await target.page().keyboard.press('Enter');
  }

  // Ada's database, built by a bot as Ada through the collaboration path the web uses: Status and
  // Points, and three books.
  async function seedDatabase(): Promise<string> {
    const db = await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title: 'Reading list' });
    const login = await fetch(`${suite.stack.serverUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ada.email, password: PASSWORD }) });
    const { token: session } = (await login.json()) as { token: string };
    const doc = new Y.Doc();
    const provider = new CollabProvider({
      url: suite.stack.serverUrl,
      pageId: db.id,
      doc,
      token: async () => {
        const res = await fetch(`${suite.stack.serverUrl}/auth/socket-token`, { method: 'POST', headers: { authorization: `Bearer ${session}` } });
        return ((await res.json()) as { token: string }).token;
      },
    });
    try {
      await new Promise<void>((resolve) => provider.on('synced', (synced: boolean) => synced && resolve()));
      const title = readSchema(doc, db.id).properties[0]!.id;
      addProperty(doc, db.id, { id: 'status', name: 'Status', type: 'status', options: defaultStatusOptions() });
      addProperty(doc, db.id, { id: 'points', name: 'Points', type: 'number', format: 'plain' });
      const by = { userId: ada.id, now: new Date().toISOString() };
      addRows(
        doc,
        db.id,
        [
          { id: randomUUID(), values: { [title]: 'Dune', status: 'done', points: 3 } },
          { id: randomUUID(), values: { [title]: 'Emma', status: 'not-started', points: 5 } },
          { id: randomUUID(), values: { [title]: 'Ulysses', status: 'in-progress', points: 8 } },
        ],
        by,
      );
      await waitUntil('the database saved', async () => provider.saved, 30_000);
    } finally {
      provider.destroy();
    }
    return db.id;
  }

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Views ${randomUUID().slice(0, 6)}` })).id;
    databaseId = await seedDatabase();
    await personApi(ada, 'PUT', `/pages/${databaseId}/shares`, { email: bob.email, role: 'editor' });
  });

  it('adds a gallery view whose cards open their rows and show the row page’s first image', async () => {
    await ada.page.goto(databasePath());
    await ada.page.getByTestId('database-table').waitFor();
    await ada.page.getByTestId('add-view').click();
    await ada.page.getByTestId('add-view-gallery').click();
    await waitUntil('three cards', async () => (await cards(ada.page).count()) === 3, 10_000);
    expect((await cards(ada.page).allInnerTexts()).map((t) => t.split('\n')[0])).toEqual(['Dune', 'Emma', 'Ulysses']);
    // Visible properties show on the card.
    expect(await cards(ada.page).first().innerText()).toContain('Done');

    // Card size from the view's menu, shared with everyone.
    await tab(ada.page, 'Gallery').click();
    await ada.page.getByTestId('view-card-size').selectOption('large');
    await ada.page.keyboard.press('Escape');
    await bob.page.goto(databasePath());
    await tab(bob.page, 'Gallery').click();
    await waitUntil('Bob sees large cards', async () => (await bob.page.getByTestId('database-gallery').getAttribute('data-card-size')) === 'large', 10_000);

    // A click opens the row as its page; an image pasted into its body becomes the card's cover.
    await cards(ada.page).filter({ hasText: 'Dune' }).click();
    await ada.page.waitForURL((url) => url.pathname.includes('/p/') && !url.pathname.endsWith(databaseId), { timeout: 15_000 });
    await ada.page.getByTestId('row-properties').waitFor();
    expect(await ada.page.getByTestId('page-title').inputValue()).toBe('Dune');
    const editor = ada.page.getByTestId('page-editor');
    await editor.click();
    await editor.evaluate(
      (el, file) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(file.bytes)], 'desert.png', { type: 'image/png' }));
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { bytes: [...png(160, 90, [214, 160, 80])] },
    );
    await editor.locator('img[data-file-id]').waitFor({ timeout: 30_000 });
    await waitUntil('the row page saved', async () => (await ada.page.getByTestId('save-status').getAttribute('data-state')) === 'saved', 30_000);

    // Bob's gallery picks the cover up without a reload (it polls while covers are shown).
    const cover = bob.page.getByTestId('gallery-card').filter({ hasText: 'Dune' }).locator('img');
    await waitUntil('the cover on Bob’s card', async () => (await cover.count()) === 1 && (await cover.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 160)), 40_000);
    expect(await cover.getAttribute('src')).toMatch(/^\/api\/files\/[0-9a-f-]{36}\/content$/);
    expect(await bob.page.getByTestId('gallery-card').filter({ hasText: 'Emma' }).locator('img').count()).toBe(0);

    // "+ New" adds a card, for both.
    await bob.page.getByTestId('gallery-new').click();
    await ada.page.goto(databasePath());
    await tab(ada.page, 'Gallery').click();
    await waitUntil('a fourth card for Ada too', async () => (await cards(ada.page).count()) === 4, 20_000);
    await waitUntil('Ada’s cover loaded', async () => ada.page.getByTestId('gallery-card').filter({ hasText: 'Dune' }).locator('img').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0).catch(() => false), 20_000);
    await ada.page.evaluate(() => window.scrollTo(0, 0));
    await screenshotVariants(ada.page, 'database-views-gallery');
  });

  it('groups the table by Status: sections with counts, collapsible, and a new row lands in its group', async () => {
    await tab(ada.page, 'Table').click();
    await tab(bob.page, 'Table').click();
    await groupBy(ada.page, 'Status');
    await section(ada.page, 'Done').waitFor();
    // The empty-status group holds the card Bob added in the gallery; then the options in order.
    const names = await ada.page.getByTestId('group').evaluateAll((els) => els.map((el) => el.getAttribute('data-group')));
    expect(names).toEqual(['No Status', 'Not started', 'In progress', 'Done']);
    expect([await countIn(ada.page, 'Not started'), await countIn(ada.page, 'In progress'), await countIn(ada.page, 'Done')]).toEqual([1, 1, 1]);
    // The grouping is saved in the view: Bob's table is grouped too.
    await section(bob.page, 'Done').waitFor({ timeout: 10_000 });

    await section(ada.page, 'Done').getByTestId('new-row').click();
    await ada.page.getByTestId('cell-input').fill('Neuromancer');
    await ada.page.keyboard.press('Enter');
    await waitUntil('two rows in Done', async () => (await countIn(ada.page, 'Done')) === 2, 10_000);
    expect(await section(ada.page, 'Done').getByTestId('table-row').allInnerTexts()).toEqual([expect.stringContaining('Dune'), expect.stringContaining('Neuromancer')]);
    await waitUntil('Bob sees it in Done', async () => (await countIn(bob.page, 'Done')) === 2, 10_000);

    // Collapsing hides the section's rows but keeps its count; it is this person's own.
    await section(ada.page, 'Done').getByTestId('group-toggle').click();
    expect(await section(ada.page, 'Done').getByTestId('table-row').count()).toBe(0);
    expect(await countIn(ada.page, 'Done')).toBe(2);
    expect(await section(bob.page, 'Done').getByTestId('table-row').count()).toBe(2);
    await ada.page.evaluate(() => window.scrollTo(0, 0));
    await screenshotVariants(ada.page, 'database-views-grouped-table');
    await section(ada.page, 'Done').getByTestId('group-toggle').click();
    await section(ada.page, 'Done').getByTestId('table-row').first().waitFor();
  });

  it('groups a list by Status, and a new row lands in its group', async () => {
    await ada.page.getByTestId('add-view').click();
    await ada.page.getByTestId('add-view-list').click();
    await ada.page.getByTestId('database-list').waitFor();
    await groupBy(ada.page, 'Status');
    await section(ada.page, 'In progress').waitFor();
    expect(await section(ada.page, 'In progress').getByTestId('list-row').allInnerTexts()).toEqual([expect.stringContaining('Ulysses')]);
    await section(ada.page, 'In progress').getByTestId('new-row').click();
    await waitUntil('two rows in progress', async () => (await countIn(ada.page, 'In progress')) === 2 && (await section(ada.page, 'In progress').getByTestId('list-row').count()) === 2, 10_000);
    await section(ada.page, 'Not started').getByTestId('group-toggle').click();
    expect(await section(ada.page, 'Not started').getByTestId('list-row').count()).toBe(0);
    await ada.page.evaluate(() => window.scrollTo(0, 0));
    await screenshotVariants(ada.page, 'database-views-grouped-list');
  });

  it('undoes and redoes Ada’s own edits by keyboard, never Bob’s', async () => {
    await tab(ada.page, 'Table').click();
    await groupBy(ada.page, 'None');
    await waitUntil('Bob’s table ungrouped', async () => (await bob.page.getByTestId('database-groups').count()) === 0, 10_000);
    const table = ada.page.getByTestId('database-table');

    await typeInto(cellOf(rowNamed(ada.page, 'Dune'), 'Points'), '42');
    await waitUntil('Bob sees 42', async () => (await pointsOf(bob.page, 'Dune')) === '42', 10_000);
    // Bob edits another cell after Ada's edit.
    await typeInto(cellOf(rowNamed(bob.page, 'Emma'), 'Points'), '7');
    await waitUntil('Ada sees Bob’s 7', async () => (await pointsOf(ada.page, 'Emma')) === '7', 10_000);

    // Focus is in the table (not a cell input): Ctrl+Z undoes Ada's last change, not Bob's later one.
    await table.focus();
    await ada.page.keyboard.press('Control+z');
    await waitUntil('Dune back to 3 for both', async () => (await pointsOf(ada.page, 'Dune')) === '3' && (await pointsOf(bob.page, 'Dune')) === '3', 10_000);
    expect(await pointsOf(ada.page, 'Emma')).toBe('7');
    expect(await pointsOf(bob.page, 'Emma')).toBe('7');
    await ada.page.keyboard.press('Control+Shift+z');
    await waitUntil('redone: 42', async () => (await pointsOf(bob.page, 'Dune')) === '42', 10_000);
    await ada.page.keyboard.press('Control+z');
    await waitUntil('undone again', async () => (await pointsOf(ada.page, 'Dune')) === '3', 10_000);
    await ada.page.keyboard.press('Control+y');
    await waitUntil('Ctrl+Y redoes', async () => (await pointsOf(ada.page, 'Dune')) === '42', 10_000);

    // A row added and named is two changes: the first undo clears the name, the second the row.
    const before = await tableRows(ada.page).count();
    await ada.page.getByTestId('new-row').click();
    await ada.page.getByTestId('cell-input').fill('Temporary');
    await ada.page.keyboard.press('Enter');
    await waitUntil('the new row', async () => (await tableRows(ada.page).count()) === before + 1, 10_000);
    await table.focus();
    await ada.page.keyboard.press('Control+z');
    await ada.page.keyboard.press('Control+z');
    await waitUntil('the row gone for both', async () => (await tableRows(ada.page).count()) === before && (await tableRows(bob.page).count()) === before, 10_000);
    // The view change (ungrouping) is Ada's too: undo brings the groups back... after the row.
    await ada.page.keyboard.press('Control+z');
    await waitUntil('Dune back to 3', async () => (await pointsOf(ada.page, 'Dune')) === '3', 10_000);
    await ada.page.keyboard.press('Control+z');
    await section(bob.page, 'Done').waitFor({ timeout: 10_000 });
    expect(await pointsOf(bob.page, 'Emma')).toBe('7');
  });

  it('drags a row by its handle and a column by a long press, by touch on a phone', async () => {
    const phoneDb = await seedDatabase();
    const context = await suite.browser.newContext({ baseURL: suite.stack.webUrl, storageState: await ada.context.storageState(), viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const phone = await context.newPage();
      await phone.goto(`/w/${workspaceId}/p/${phoneDb}`);
      await tableRows(phone).nth(2).waitFor();
      const names = () => tableRows(phone).locator('[data-testid="cell"][data-property="Name"]').evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent?.trim() ?? ''));
      const headers = () => phone.getByTestId('column-header').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-property')));
      expect(await names()).toEqual(['Dune', 'Emma', 'Ulysses']);
      // Chromium's touch input, as a finger makes it: down, a still press (or none), moves, up.
      const cdp = await context.newCDPSession(phone);
      const touch = async (from: { x: number; y: number }, to: { x: number; y: number }, pressMs: number) => {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
        if (pressMs) await phone.waitForTimeout(pressMs);
        for (let i = 1; i <= 8; i++) {
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + ((to.x - from.x) * i) / 8, y: from.y + ((to.y - from.y) * i) / 8 }] });
        }
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      };
      const centre = async (target: Locator, dx = 0.5, dy = 0.5) => {
        const box = (await target.boundingBox())!;
        return { x: box.x + box.width * dx, y: box.y + box.height * dy };
      };

      // Dune's handle (shown without hover on a touch screen) onto Ulysses' lower half.
      const handle = rowNamed(phone, 'Dune').getByTestId('row-handle');
      expect(await handle.evaluate((h) => getComputedStyle(h).opacity)).toBe('1');
      await touch(await centre(handle), await centre(rowNamed(phone, 'Ulysses'), 0.5, 0.8), 0);
      await waitUntil('Dune moved last', async () => (await names()).join() === 'Emma,Ulysses,Dune', 10_000);

      // A swipe on a header scrolls (nothing moves); a long press then a move drags the column.
      expect(await headers()).toEqual(['Name', 'Status', 'Points']);
      const points = phone.locator('[data-testid="column-header"][data-property="Points"]');
      const status = phone.locator('[data-testid="column-header"][data-property="Status"]');
      // Scrolled so that Status starts the screen and Points follows it.
      const showBoth = () => status.evaluate((h) => h.scrollIntoView({ inline: 'start', block: 'nearest' }));
      await showBoth();
      await touch(await centre(points, 0.2), await centre(status, 0.2), 0);
      expect(await headers()).toEqual(['Name', 'Status', 'Points']);
      await showBoth();
      await touch(await centre(points, 0.2), await centre(status, 0.2), 600);
      await waitUntil('Points before Status', async () => (await headers()).join() === 'Name,Points,Status', 10_000);
      // No menu opened by the press.
      expect(await phone.getByTestId('property-menu').count()).toBe(0);
      await screenshot(phone, 'database-views-touch-drag-light-phone');
      await phone.emulateMedia({ colorScheme: 'dark' });
      await screenshot(phone, 'database-views-touch-drag-dark-phone');
    } finally {
      await context.close();
    }
  });
});
