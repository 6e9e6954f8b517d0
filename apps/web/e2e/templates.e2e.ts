import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { editorOf, editorText, openPage, openPageMenu } from './support/editor.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const text = (value: string) => ({ type: 'text', text: value });
const STANDUP = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Yesterday')] },
    { type: 'paragraph', content: [text('Blockers: none so far')] },
    { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: false }, content: [{ type: 'paragraph', content: [text('Follow up with design')] }] }] },
  ],
};

// Page templates (issue 18) as people use them: Ada marks a page "Use as template" from its ⋯ menu,
// makes a page from it with the sidebar's picker (by keyboard), and makes a sub-page from a
// built-in with the slash menu's "Page from template"; Bob, who has the page open, sees the link
// arrive and opens the new page's content.
describe('page templates', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let standupId: string;
  let teamId: string;

  const picker = (person: Person) => person.page.getByTestId('template-picker');

  beforeAll(async () => {
    [ada, bob] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Templates ${randomUUID().slice(0, 6)}` })).id;
    standupId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Daily standup', icon: '☀️', content: { kind: 'json', content: STANDUP } })).id;
    teamId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Team space', content: { kind: 'json', content: { type: 'doc', content: [{ type: 'paragraph', content: [text('Our meetings')] }] } } })).id;
    await personApi(ada, 'PUT', `/pages/${teamId}/shares`, { email: bob.email, role: 'editor' });
  });

  it('marks a page as a template from its menu, with a visible marker', async () => {
    await openPage(ada, workspaceId, standupId, 'Blockers: none so far');
    expect(await ada.page.getByTestId('template-marker').count()).toBe(0);
    await openPageMenu(ada);
    const toggle = ada.page.getByTestId('option-template');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await waitUntil('the template toggle to be on', async () => (await toggle.getAttribute('aria-checked')) === 'true', 5_000);
    await ada.page.keyboard.press('Escape');
    await ada.page.getByTestId('template-marker').waitFor();
    // Stored, not only shown: a reload still says so.
    await ada.page.reload();
    await ada.page.getByTestId('template-marker').waitFor();
    // The sidebar marks it too.
    await ada.page.locator(`[data-testid="tree-row"][data-page-id="${standupId}"]`).getByTestId('tree-template-mark').waitFor();
    await screenshot(ada.page, 'templates-marked-page');
  });

  it('makes a page from the workspace template with the sidebar picker, by keyboard', async () => {
    await ada.page.getByTestId('new-page-from-template').click();
    await picker(ada).waitFor();
    const builtins = picker(ada).getByTestId('template-builtins');
    const workspace = picker(ada).getByTestId('template-workspace');
    await workspace.getByText('Daily standup').waitFor();
    expect(await builtins.locator('[data-template-option]').allTextContents()).toEqual([
      expect.stringContaining('Meeting notes'),
      expect.stringContaining('Project brief'),
      expect.stringContaining('Weekly plan'),
    ]);
    // Only templates are offered: "Team space" is a page, not a template.
    expect(await workspace.getByText('Team space').count()).toBe(0);
    await screenshotVariants(ada.page, 'templates-picker');

    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('template-search');
    await ada.page.keyboard.type('stand');
    await waitUntil('the search to leave only the standup', async () => (await picker(ada).locator('[data-template-option]').count()) === 1, 5_000);
    await ada.page.keyboard.press('ArrowDown');
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('data-template-option'))).toBe(standupId);
    await ada.page.keyboard.press('Enter');
    await ada.page.waitForURL((url) => url.pathname.includes('/p/') && !url.pathname.endsWith(standupId), { timeout: 30_000 });
    const newId = ada.page.url().split('/p/')[1]!;
    await editorOf(ada).locator('p', { hasText: 'Blockers: none so far' }).waitFor({ timeout: 30_000 });
    expect(await editorText(ada)).toContain('Follow up with design');
    // The copy is a page to fill in, not a template; the template is unchanged.
    expect(await ada.page.getByTestId('template-marker').count()).toBe(0);
    await waitUntil('the new page in the sidebar', async () => (await ada.page.locator(`[data-testid="tree-row"][data-page-id="${newId}"]`).count()) > 0, 15_000);
    const tree = (await (await ada.context.request.get(`/api/workspaces/${workspaceId}/pages`)).json()) as { pages: Array<{ id: string; title: string; icon: string | null; template: boolean }> };
    expect(tree.pages.find((p) => p.id === newId)).toMatchObject({ title: 'Daily standup', icon: '☀️', template: false });
    expect(tree.pages.find((p) => p.id === standupId)?.template).toBe(true);
  });

  it('on a phone, the picker opens from the drawer and takes typing', async () => {
    await ada.page.setViewportSize({ width: 390, height: 844 });
    try {
      await ada.page.getByTestId('open-sidebar').click();
      await ada.page.getByTestId('new-page-from-template').click();
      await picker(ada).waitFor();
      await waitUntil('the search to have focus', async () => (await ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'template-search', 5_000);
      await ada.page.keyboard.type('weekly');
      await waitUntil('only the weekly plan to be left', async () => {
        const left = await picker(ada).locator('[data-template-option]').allTextContents();
        return left.length === 1 && left[0]!.includes('Weekly plan');
      }, 5_000);
      await screenshot(ada.page, 'templates-picker-phone-search');
      await ada.page.keyboard.press('Escape');
      await picker(ada).waitFor({ state: 'detached' });
    } finally {
      await ada.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('makes a sub-page from a built-in with the slash menu, links it at the caret, and Bob sees it', async () => {
    await Promise.all([openPage(ada, workspaceId, teamId, 'Our meetings'), openPage(bob, workspaceId, teamId, 'Our meetings')]);
    await editorOf(ada).locator('p', { hasText: 'Our meetings' }).click();
    await ada.page.keyboard.press('End');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('/template', { delay: 25 });
    // Enter picks the highlighted item, so wait for the filtered menu to highlight this one.
    await ada.page.locator('[data-testid="slash-item-templatePage"][aria-selected="true"]').waitFor();
    await ada.page.keyboard.press('Enter');
    await picker(ada).waitFor();
    expect(await ada.page.getByRole('heading', { name: 'Sub-page from template' }).count()).toBe(1);
    // The caret is in the search: typing filters at once.
    await waitUntil('the search to have focus', async () => (await ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'template-search', 5_000);
    await screenshot(ada.page, 'templates-slash-picker');
    await picker(ada).getByTestId('template-builtins').getByText('Meeting notes').click();
    const link = editorOf(ada).getByTestId('page-link');
    await link.waitFor({ timeout: 30_000 });
    expect(await link.textContent()).toContain('Meeting notes');
    // The link went where the caret was: after "Our meetings".
    expect((await editorText(ada)).split('\n')[0]).toBe('Our meetings');
    await screenshot(ada.page, 'templates-slash-linked');

    // Bob sees the link live, opens it, and reads the template's content in the new sub-page.
    const bobLink = editorOf(bob).getByTestId('page-link');
    await bobLink.waitFor({ timeout: 30_000 });
    await bobLink.getByText('Meeting notes').click();
    await bob.page.waitForURL((url) => url.pathname.includes('/p/') && !url.pathname.endsWith(teamId), { timeout: 30_000 });
    await editorOf(bob).locator('h2', { hasText: 'Action items' }).waitFor({ timeout: 30_000 });
    const bobText = await editorText(bob);
    expect(bobText).toContain('Agenda');
    expect(bobText).toContain('Parking lot');
    await screenshot(bob.page, 'templates-bob-subpage');
  });
});
