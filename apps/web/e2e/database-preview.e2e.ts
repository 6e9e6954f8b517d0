import { randomUUID } from 'node:crypto';
import type { WebSocketRoute } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { screenshotVariants } from './support/browser.js';
import { type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// A big database's first paint (issue 17): while its document is still on its way, the page shows
// the first view's first rows from the worker's projection, read-only, then swaps in the live
// views once the document is in. The collaboration socket is held open without a server behind it
// until the test lets it through, so "still syncing" lasts as long as the test needs.
describe('database first paint from the projection', () => {
  const suite = browserSuite();
  let ada: Person;

  beforeAll(async () => {
    ada = await suite.signUp('Ada');
  });

  it('paints the first 50 rows before the document syncs, then the live table with all of them', async () => {
    const workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Preview ${randomUUID().slice(0, 6)}` })).id;
    const database = await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title: 'Backlog' });
    const { schema } = await personApi<{ schema: { properties: Array<{ id: string }> } }>(ada, 'GET', `/databases/${database.id}`);
    const titleId = schema.properties[0]!.id;
    const titles = Array.from({ length: 60 }, (_, i) => `Task ${String(i + 1).padStart(2, '0')}`);
    for (const title of titles) await personApi(ada, 'POST', `/databases/${database.id}/rows`, { values: { [titleId]: title } });
    await waitUntil(
      'the worker projected all 60 rows',
      async () => {
        const first = await personApi<{ rows: unknown[]; nextCursor: string | null }>(ada, 'POST', `/databases/${database.id}/query`, { limit: 100 });
        return first.rows.length === 60;
      },
      30_000,
    );

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await ada.page.routeWebSocket(/socket\.io/, async (ws: WebSocketRoute) => {
      await released;
      ws.connectToServer();
    });
    await ada.page.goto(`/w/${workspaceId}/p/${database.id}`);
    const preview = ada.page.getByTestId('database-preview');
    await preview.waitFor({ timeout: 30_000 });
    const shown = () => preview.locator('[data-testid="cell"][data-property="Name"]').evaluateAll((cells) => cells.map((c) => c.firstElementChild?.textContent ?? ''));
    await waitUntil('the preview shows rows', async () => (await shown()).length > 0, 10_000);
    // The rows drawn are the first ones, in the view's order (the table draws those in view).
    const painted = await shown();
    expect(painted).toEqual(titles.slice(0, painted.length));
    // Read-only while it syncs: no "New" button, and the pill says it is still connecting.
    expect(await preview.getByTestId('new-row').count()).toBe(0);
    expect(await ada.page.getByTestId('save-status').getAttribute('data-state')).toBe('connecting');
    await screenshotVariants(ada.page, 'database-preview');

    release();
    await ada.page.getByTestId('database').waitFor({ timeout: 30_000 });
    expect(await preview.count()).toBe(0);
    await waitUntil('the live table has every row', async () => (await ada.page.getByTestId('row-count').innerText()) === '60 rows', 15_000);
    expect(await ada.page.getByTestId('new-row').count()).toBe(1);
  });
});
