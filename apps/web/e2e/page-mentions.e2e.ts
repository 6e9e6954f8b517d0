import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi as api } from './support/people.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { editorOf, openPage, typeAtEnd } from './support/editor.js';
import { browserSuite } from './support/suite.js';

// @mentions and page links in the page's text (issue 14), in the browser against the real stack:
// Bob, invited to the workspace, finds the invitation in his inbox; Ada types "@Bo", picks Bob,
// and Bob's inbox shows the mention live; "[[" links a page that keeps its current title through a
// rename and opens it on click; mentioning Cleo (a guest who cannot see the page) offers Ada to
// share it, and Cleo then finds the share and the mention in her inbox.
describe('mentions in the page', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let cleo: Person;
  let workspaceId: string;
  let planId: string;
  let roadmapId: string;

  const badge = async (person: Person) => {
    const el = person.page.getByTestId('inbox-badge');
    return (await el.count()) ? Number(await el.innerText()) : 0;
  };
  const inboxItems = async (person: Person) => {
    await person.page.goto(`/w/${workspaceId}/inbox`);
    await person.page.getByTestId('inbox').waitFor();
    return person.page.getByTestId('inbox-item');
  };

  beforeAll(async () => {
    [ada, bob, cleo] = await Promise.all([suite.signUp('Ada'), suite.signUp('Bob'), suite.signUp('Cleo')]);
    workspaceId = (await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `Mentions ${randomUUID().slice(0, 6)}` })).id;
    const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
    planId = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Plan', content: { kind: 'json', content: { type: 'doc', content: [paragraph('The plan for the quarter.')] } } })).id;
    roadmapId = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Roadmap', content: { kind: 'json', content: { type: 'doc', content: [paragraph('Where we are going.')] } } })).id;
    // Cleo becomes a guest through a share of another page: mentionable, but unable to see Plan.
    const other = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Cleo notes' })).id;
    await api(ada, 'PUT', `/pages/${other}/shares`, { email: cleo.email, role: 'viewer' });
  });

  it('an invitation reaches the inbox; accepting it makes Bob a member', async () => {
    await api(ada, 'POST', `/workspaces/${workspaceId}/invitations`, { email: bob.email, role: 'member' });
    await bob.page.goto('/invitations');
    const { invitations } = (await (await bob.context.request.get('/api/invitations')).json()) as { invitations: Array<{ id: string }> };
    await api(bob, 'POST', `/invitations/${invitations[0]!.id}/accept`);
    const items = await inboxItems(bob);
    await items.filter({ hasText: /Ada invited you to join Mentions/ }).waitFor();
    await screenshot(bob.page, 'page-mentions-invitation');
  });

  it('typing @ and picking a person notifies them live', async () => {
    await bob.page.goto(`/w/${workspaceId}`);
    await bob.page.getByTestId('workspace-home').waitFor();
    // The server's count, not the badge: the sidebar's inbox query may not have answered yet.
    const before = (await api<{ unread: number }>(bob, 'GET', '/notifications')).unread;

    await openPage(ada, workspaceId, planId, 'The plan for the quarter.');
    await typeAtEnd(ada, ' Ask @Bo');
    const picker = ada.page.getByTestId('page-mention-picker');
    await picker.getByRole('option', { name: 'Bob', exact: true }).waitFor();
    await screenshotVariants(ada.page, 'page-mentions-picker');
    await ada.page.keyboard.press('Enter');
    await editorOf(ada).locator('.mention', { hasText: '@Bob' }).waitFor();
    expect(await picker.count()).toBe(0);

    await waitUntil("Bob's badge, live", async () => (await badge(bob)) === before + 1, 20_000);
    const items = await inboxItems(bob);
    const item = items.filter({ hasText: 'Ada mentioned you in the page Plan' });
    await item.waitFor();
    await screenshotVariants(bob.page, 'page-mentions-inbox');
    await item.click();
    await bob.page.waitForURL(new RegExp(`/w/${workspaceId}/p/${planId}$`));
    await editorOf(bob).locator('.mention', { hasText: '@Bob' }).waitFor();
  });

  it('[[ links a page that follows renames and opens it on click', async () => {
    await openPage(ada, workspaceId, planId, 'The plan for the quarter.');
    await typeAtEnd(ada, ' See [[Road');
    const picker = ada.page.getByTestId('page-mention-picker');
    await picker.getByRole('option', { name: /Roadmap/ }).waitFor();
    await ada.page.keyboard.press('Enter');
    const mention = editorOf(ada).getByTestId('page-mention');
    await mention.filter({ hasText: 'Roadmap' }).waitFor();

    // Bob sees it too, and both see the new title after a rename elsewhere.
    await openPage(bob, workspaceId, planId, 'The plan for the quarter.');
    await editorOf(bob).getByTestId('page-mention').filter({ hasText: 'Roadmap' }).waitFor();
    await api(bob, 'PATCH', `/pages/${roadmapId}`, { title: 'Roadmap 2027' });
    await mention.filter({ hasText: 'Roadmap 2027' }).waitFor({ timeout: 20_000 });
    await editorOf(bob).getByTestId('page-mention').filter({ hasText: 'Roadmap 2027' }).waitFor({ timeout: 20_000 });
    await screenshotVariants(ada.page, 'page-mentions-link');

    await mention.getByRole('link').click();
    await ada.page.waitForURL(new RegExp(`/w/${workspaceId}/p/${roadmapId}$`));
    await editorOf(ada).locator('p', { hasText: 'Where we are going.' }).waitFor();
  });

  it('mentioning someone who cannot see the page offers to share it; they then get both', async () => {
    await openPage(ada, workspaceId, planId, 'The plan for the quarter.');
    await typeAtEnd(ada, ' and @Cle');
    await ada.page.getByTestId('page-mention-picker').getByRole('option', { name: 'Cleo', exact: true }).waitFor();
    await ada.page.keyboard.press('Enter');
    const prompt = ada.page.getByTestId('share-prompt');
    await prompt.waitFor();
    expect(await prompt.innerText()).toContain('Cleo cannot see this page');
    await screenshotVariants(ada.page, 'page-mentions-share-prompt');
    await prompt.getByLabel('Can comment').check();
    await prompt.getByTestId('share-prompt-share').click();
    await prompt.waitFor({ state: 'detached' });

    const items = await inboxItems(cleo);
    await items.filter({ hasText: 'Ada mentioned you in the page Plan' }).waitFor();
    await items.filter({ hasText: 'Ada shared Plan with you' }).waitFor();
    await screenshotVariants(cleo.page, 'page-mentions-cleo-inbox');

    // Cleo opens Plan: the link to Roadmap (not shared with her) shows a placeholder, not its title.
    await openPage(cleo, workspaceId, planId, 'The plan for the quarter.');
    const hidden = editorOf(cleo).getByTestId('page-mention');
    await waitUntil('the placeholder', async () => (await hidden.getAttribute('data-state')) === 'hidden', 20_000);
    expect(await hidden.innerText()).not.toContain('Roadmap');
    await screenshot(cleo.page, 'page-mentions-no-access');
  });
});
