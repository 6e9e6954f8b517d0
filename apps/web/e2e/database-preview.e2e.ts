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

  // A workspace with a 60-row database, projected by the worker.
  async function backlog(person: Person): Promise<{ workspaceId: string; databaseId: string; titles: string[] }> {
    const workspaceId = (await personApi<{ id: string }>(person, 'POST', '/workspaces', { name: `Preview ${randomUUID().slice(0, 6)}` })).id;
    const database = await personApi<{ id: string }>(person, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title: 'Backlog' });
    const { schema } = await personApi<{ schema: { properties: Array<{ id: string }> } }>(person, 'GET', `/databases/${database.id}`);
    const titleId = schema.properties[0]!.id;
    const titles = Array.from({ length: 60 }, (_, i) => `Task ${String(i + 1).padStart(2, '0')}`);
    for (const title of titles) await personApi(person, 'POST', `/databases/${database.id}/rows`, { values: { [titleId]: title } });
    await waitUntil(
      'the worker projected all 60 rows',
      async () => {
        const first = await personApi<{ rows: unknown[]; nextCursor: string | null }>(person, 'POST', `/databases/${database.id}/query`, { limit: 100 });
        return first.rows.length === 60;
      },
      30_000,
    );
    return { workspaceId, databaseId: database.id, titles };
  }

  // The collaboration socket waits until `release` is called.
  async function holdSocket(person: Person): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await person.page.routeWebSocket(/socket\.io/, async (ws: WebSocketRoute) => {
      await released;
      ws.connectToServer();
    });
    return release;
  }

  it('paints the first 50 rows before the document syncs, then the live table with all of them', async () => {
    const { workspaceId, databaseId, titles } = await backlog(ada);
    const database = { id: databaseId };

    const release = await holdSocket(ada);
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

  // Opened from the sidebar of the running app, the page and its preview are asked for on the click
  // (one request each), not once the page route's code has loaded and the page has answered.
  it('opened from the sidebar, asks for the page and the preview as it is clicked, each once', async () => {
    const bea = await suite.signUp('Bea');
    const { workspaceId, databaseId, titles } = await backlog(bea);
    // Held from the start: the page's session joins over the app's one socket, opened at load.
    const release = await holdSocket(bea);
    await bea.page.goto(`/w/${workspaceId}`);
    await bea.page.getByTestId('workspace-home').waitFor();
    const row = bea.page.locator(`[data-testid="tree-row"][data-page-id="${databaseId}"]`);
    await row.waitFor();
    await bea.page.waitForLoadState('networkidle');

    const asked: string[] = [];
    bea.page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) asked.push(url.pathname + url.search);
    });
    await row.click();
    const preview = bea.page.getByTestId('database-preview');
    await preview.locator('[data-testid="cell"][data-property="Name"]').first().waitFor({ timeout: 30_000 });
    expect(await preview.locator('[data-testid="cell"][data-property="Name"]').first().innerText()).toBe(titles[0]);
    expect(await bea.page.getByTestId('save-status').getAttribute('data-state')).toBe('connecting');

    const previewAsks = asked.filter((path) => path.startsWith(`/api/databases/${databaseId}`));
    expect(previewAsks).toEqual([expect.stringMatching(new RegExp(`^/api/databases/${databaseId}\\?firstRows=50&timeZone=`))]);
    expect(asked.filter((path) => path === `/api/pages/${databaseId}`)).toHaveLength(1);
    // Both before anything the page's screen asks for once its code runs (its backlinks, say).
    const firstScreenAsk = asked.findIndex((path) => path.startsWith(`/api/pages/${databaseId}/`) || path.startsWith(`/api/workspaces/${workspaceId}/members`));
    expect(firstScreenAsk).toBeGreaterThan(-1);
    expect(asked.indexOf(`/api/pages/${databaseId}`)).toBeLessThan(firstScreenAsk);
    expect(asked.indexOf(previewAsks[0]!)).toBeLessThan(firstScreenAsk);
    await screenshotVariants(bea.page, 'database-preview-from-sidebar');

    release();
    await bea.page.getByTestId('database').waitFor({ timeout: 30_000 });
    await waitUntil('the live table has every row', async () => (await bea.page.getByTestId('row-count').innerText()) === '60 rows', 15_000);
  });
});
