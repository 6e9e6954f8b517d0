import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import type { DatabaseSchema } from '@tandem/database';
import { waitUntil } from '@tandem/testkit';
import { screenshot, screenshotVariants } from './support/browser.js';
import { type Person, personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// Relations and rollups (issue 17): Ada relates her Tasks database two-way to Projects from the
// table's "+" menu, links tasks to a project from the cell editor, and the mirror shows in
// Projects. A rollup there ("count" and "sum of Points") follows a task's change live, for Ada and
// for Bob, who has Projects open in his own browser. Bob cannot read Ada's Secret database: the
// picker does not list it, and its link is refused by the server with a message, adding nothing.
describe('database relations', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let tasksId: string;
  let projectsId: string;
  let secretId: string;

  const table = (p: Page) => p.getByTestId('database-table');
  const rowsOf = (p: Page) => table(p).getByTestId('table-row');
  const header = (p: Page, name: string) => table(p).locator(`[data-testid="column-header"][data-property="${name}"]`);
  const headers = (p: Page) => table(p).getByTestId('column-header').evaluateAll((els) => els.map((el) => el.getAttribute('data-property')));
  const cellOf = (p: Page, title: string, property: string) => rowsOf(p).filter({ hasText: title }).locator(`[data-testid="cell"][data-property="${property}"]`);
  // The related titles a cell shows (each chip is an arrow and the title).
  const chips = (cell: Locator) => cell.getByTestId('relation-chip').evaluateAll((els) => els.map((el) => (el.textContent ?? '').replace('↗', '').trim()));
  const text = async (cell: Locator) => (await cell.evaluate((c) => c.firstElementChild?.textContent ?? '')).trim();
  const schemaOf = async (p: Person, id: string) => (await personApi<{ schema: DatabaseSchema }>(p, 'GET', `/databases/${id}`)).schema;
  const presenceNames = (p: Page) => p.getByTestId('presence-avatar').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? el.getAttribute('title') ?? ''));
  const propertyId = (schema: DatabaseSchema, name: string) => schema.properties.find((x) => x.name === name)!.id;

  async function newDatabase(title: string): Promise<string> {
    return (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { kind: 'database', title })).id;
  }

  async function open(p: Page, id: string): Promise<void> {
    await p.goto(`/w/${workspaceId}/p/${id}`);
    await table(p).waitFor({ timeout: 30_000 });
  }

  async function addColumn(p: Page, type: string): Promise<void> {
    await table(p).getByTestId('add-property').click();
    await p.getByTestId('add-property-menu').getByRole('menuitem', { name: type, exact: true }).click();
  }

  async function rename(p: Page, from: string, to: string): Promise<void> {
    await header(p, from).click();
    await p.getByTestId('property-name').fill(to);
    await p.getByTestId('property-name').press('Enter');
    await header(p, to).waitFor();
  }

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Relations ${randomUUID().slice(0, 6)}` })).id;
    tasksId = await newDatabase('Tasks');
    projectsId = await newDatabase('Projects');
    secretId = await newDatabase('Secret plans');
    // Bob is a guest with edit rights on Tasks and Projects only.
    await personApi(ada, 'PUT', `/pages/${tasksId}/shares`, { email: bob.email, role: 'editor' });
    await personApi(ada, 'PUT', `/pages/${projectsId}/shares`, { email: bob.email, role: 'editor' });
    const projects = await schemaOf(ada, projectsId);
    for (const name of ['Launch', 'Docs']) await personApi(ada, 'POST', `/databases/${projectsId}/rows`, { values: { [propertyId(projects, 'Name')]: name } });
    await personApi(ada, 'POST', `/databases/${secretId}/rows`, { values: { [propertyId(await schemaOf(ada, secretId), 'Name')]: 'Hidden' } });
  });

  it('adds a two-way relation from the "+" menu; the mirror appears in Projects, named after Tasks', async () => {
    await open(ada.page, tasksId);
    await addColumn(ada.page, 'Number');
    await rename(ada.page, 'Number', 'Points');
    const tasks = await schemaOf(ada, tasksId);
    for (const [name, points] of [['Write the spec', 3], ['Build it', 5], ['Test it', 2]] as const) {
      await personApi(ada, 'POST', `/databases/${tasksId}/rows`, { values: { [propertyId(tasks, 'Name')]: name, [propertyId(tasks, 'Points')]: points } });
    }
    await waitUntil('three tasks', async () => (await rowsOf(ada.page).count()) === 3, 15_000);

    await addColumn(ada.page, 'Relation');
    const picker = ada.page.getByTestId('relation-picker');
    // Every database Ada can read is offered; Tasks itself is marked.
    await waitUntil('the picker lists the databases', async () => (await picker.getByTestId('relation-target').count()) === 3, 10_000);
    expect(await picker.getByTestId('relation-two-way').isChecked()).toBe(true);
    await screenshot(ada.page, 'database-relations-picker');
    await picker.getByTestId('relation-target-search').fill('proj');
    await picker.getByTestId('relation-target').filter({ hasText: 'Projects' }).click();
    await header(ada.page, 'Projects').waitFor({ timeout: 15_000 });
    await header(ada.page, 'Projects').click();
    await waitUntil('two-way, shown as Tasks there', async () => (await ada.page.getByTestId('relation-settings').innerText()).includes('two-way (shown there as “Tasks”)'), 10_000);
    await ada.page.keyboard.press('Escape');
    // The mirror is in Projects' own document (what the server reads too).
    const mirror = (await schemaOf(ada, projectsId)).properties.find((p) => p.name === 'Tasks');
    const relation = (await schemaOf(ada, tasksId)).properties.find((p) => p.name === 'Projects');
    expect(mirror).toMatchObject({ type: 'relation', targetDatabaseId: tasksId, syncedPropertyId: relation!.id });
    expect(relation).toMatchObject({ type: 'relation', targetDatabaseId: projectsId, syncedPropertyId: mirror!.id });
  });

  it('links tasks to a project from the cell editor; Projects shows the mirror, for Bob too', async () => {
    await open(bob.page, projectsId);
    for (const task of ['Write the spec', 'Build it']) {
      await cellOf(ada.page, task, 'Projects').click();
      await ada.page.keyboard.press('Enter');
      const editor = ada.page.getByTestId('relation-editor');
      await editor.getByTestId('relation-search').fill('lau');
      await waitUntil('one match', async () => (await editor.getByTestId('relation-option').allInnerTexts()).join('|') === 'Launch', 10_000);
      await editor.getByTestId('relation-option').click();
      await editor.getByTestId('relation-linked').filter({ hasText: 'Launch' }).waitFor();
      if (task === 'Build it') await screenshotVariants(ada.page, 'database-relations-editor');
      await ada.page.keyboard.press('Escape');
      await editor.waitFor({ state: 'detached' });
      await waitUntil(`${task} shows Launch`, async () => (await chips(cellOf(ada.page, task, 'Projects'))).join('|') === 'Launch', 10_000);
    }
    await waitUntil('Bob sees both tasks on Launch', async () => (await chips(cellOf(bob.page, 'Launch', 'Tasks'))).join('|') === 'Write the spec|Build it', 15_000);
    expect(await chips(cellOf(bob.page, 'Docs', 'Tasks'))).toEqual([]);
    // Ada's Tasks view reads Projects (the titles above came through it) without putting her on
    // Projects: Bob, who has it open, sees nobody else there (she shows once she opens it, below).
    expect(await presenceNames(bob.page)).toEqual([]);
    await screenshotVariants(ada.page, 'database-relations-tasks');
  });

  it('a rollup in Projects (count, then sum of Points) follows a task change live, for both people', async () => {
    await open(ada.page, projectsId);
    await waitUntil('Bob sees Ada on Projects', async () => (await presenceNames(bob.page)).join('|') === 'Ada', 15_000);
    // The related Tasks database has loaded once the mirror shows its titles.
    await waitUntil('Tasks loaded for Ada', async () => (await chips(cellOf(ada.page, 'Launch', 'Tasks'))).length === 2, 15_000);
    await addColumn(ada.page, 'Rollup');
    await header(ada.page, 'Rollup').waitFor({ timeout: 10_000 });
    await waitUntil('count of Launch', async () => (await text(cellOf(ada.page, 'Launch', 'Rollup'))) === '2', 10_000);
    await rename(ada.page, 'Rollup', 'Task count');
    await addColumn(ada.page, 'Rollup');
    await header(ada.page, 'Rollup').click();
    await ada.page.getByTestId('rollup-property').selectOption({ label: 'Points' });
    await ada.page.getByTestId('rollup-function').selectOption({ label: 'Sum' });
    await screenshot(ada.page, 'database-relations-rollup-menu');
    await ada.page.getByTestId('property-name').fill('Total points');
    await ada.page.getByTestId('property-name').press('Enter');
    await waitUntil('sum for Ada', async () => (await text(cellOf(ada.page, 'Launch', 'Total points'))) === '8', 10_000);
    await waitUntil('sum and count for Bob', async () => (await text(cellOf(bob.page, 'Launch', 'Total points'))) === '8' && (await text(cellOf(bob.page, 'Launch', 'Task count'))) === '2', 10_000);
    expect(await text(cellOf(bob.page, 'Docs', 'Total points'))).toBe('0');

    // Bob changes a task's points in Tasks (another tab of his); both Projects views follow.
    const bobTasks = await bob.context.newPage();
    await open(bobTasks, tasksId);
    await cellOf(bobTasks, 'Build it', 'Points').click();
    await bobTasks.keyboard.type('13');
    await bobTasks.keyboard.press('Enter');
    await waitUntil('Ada sees 16', async () => (await text(cellOf(ada.page, 'Launch', 'Total points'))) === '16', 10_000);
    await waitUntil('Bob sees 16', async () => (await text(cellOf(bob.page, 'Launch', 'Total points'))) === '16', 10_000);
    // A filter on the rollup works in the web as on the server: Projects with more than 10 points.
    await ada.page.getByTestId('filter-button').click();
    const filter = ada.page.getByTestId('filter-editor');
    await filter.getByTestId('add-filter').click();
    await filter.getByTestId('filter-property').selectOption({ label: 'Total points' });
    await filter.getByTestId('filter-operator').selectOption({ label: '>' });
    await filter.getByTestId('filter-value').fill('10');
    await waitUntil('only Launch', async () => (await rowsOf(ada.page).count()) === 1, 10_000);
    await ada.page.keyboard.press('Escape');
    await screenshotVariants(ada.page, 'database-relations-rollups');
    await bobTasks.close();
  });

  it('opens a related row from its chip', async () => {
    await cellOf(bob.page, 'Launch', 'Tasks').getByTestId('relation-chip').filter({ hasText: 'Build it' }).click();
    await bob.page.waitForURL((url) => url.pathname.includes('/p/') && !url.pathname.endsWith(projectsId), { timeout: 15_000 });
    await waitUntil('the row page', async () => (await bob.page.getByTestId('page-title').inputValue()) === 'Build it', 15_000);
  });

  it('refuses a relation to a database Bob cannot read, in the picker and on the server', async () => {
    await open(bob.page, tasksId);
    const before = await headers(bob.page);
    await addColumn(bob.page, 'Relation');
    const picker = bob.page.getByTestId('relation-picker');
    await waitUntil('the picker lists what Bob can read', async () => (await picker.getByTestId('relation-target').allInnerTexts()).length === 2, 10_000);
    expect((await picker.getByTestId('relation-target').allInnerTexts()).join('|')).not.toContain('Secret');
    await picker.getByTestId('relation-target-search').fill(`http://localhost/w/${workspaceId}/p/${secretId}`);
    await picker.getByTestId('relation-target-pasted').click();
    await waitUntil('refused', async () => (await picker.getByTestId('relation-error').innerText()).includes('You cannot read that database'), 10_000);
    await screenshot(bob.page, 'database-relations-refused');
    await bob.page.keyboard.press('Escape');
    expect(await headers(bob.page)).toEqual(before);
    expect((await schemaOf(ada, tasksId)).properties.filter((p) => p.type === 'relation')).toHaveLength(1);
    // The server itself refuses Bob the database, whatever a client asks.
    expect([403, 404]).toContain((await bob.context.request.get(`/api/databases/${secretId}`)).status());
  });
});
