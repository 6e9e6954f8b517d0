import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { openPage, selectText } from './support/editor.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Comments in the browser (issue 14): Ada comments on selected text from the bubble menu, Bob (who
// may only comment) sees the highlight and the thread live and replies, a second comment through
// Ctrl+Alt+M, resolving hides the highlight for both, and deleting commented text leaves its thread
// "on deleted text". Against the real server, worker, Postgres and Redis.

describe('comments', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  const signUp = (name: string): Promise<Person> => suite.signUp(name);

  const api = personApi;
  const open = (person: Person) => openPage(person, workspaceId, pageId, 'small team');

  const highlights = (person: Person) => person.page.locator('[data-testid="page-editor"] .comment-highlight').allInnerTexts();
  const count = async (person: Person) => {
    const badge = person.page.getByTestId('comments-count');
    return (await badge.count()) ? Number(await badge.innerText()) : 0;
  };

  beforeAll(async () => {
    ada = await signUp('Ada');
    bob = await signUp('Bob');
    const workspace = await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `Comments ${randomUUID().slice(0, 6)}` });
    workspaceId = workspace.id;
    const content = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Launch plan' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'We ship on Monday with the small team.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Ada writes the notes and the changelog.' }] },
      ],
    };
    const page = await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Launch', content: { kind: 'json', content } });
    pageId = page.id;
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'commenter' });
  });

  it('comments on selected text, the other person sees it live and replies, resolves, and keeps a thread on deleted text', async () => {
    await Promise.all([open(ada), open(bob)]);

    // Ada: select, "Comment" in the bubble menu, write, send.
    await selectText(ada, 'small team');
    await ada.page.getByTestId('comment-button').click();
    const adaPanel = ada.page.getByTestId('comments-panel');
    await adaPanel.getByTestId('new-thread').waitFor();
    expect(await adaPanel.getByTestId('new-thread').innerText()).toContain('small team');
    await adaPanel.getByTestId('new-thread').getByTestId('comment-composer').click();
    await ada.page.keyboard.type('Who exactly is on it?');
    await adaPanel.getByTestId('comment-submit').click();
    await adaPanel.getByTestId('thread').filter({ hasText: 'Who exactly is on it?' }).waitFor({ timeout: 60_000 });
    await waitUntil("Ada's highlight", async () => JSON.stringify(await highlights(ada)) === JSON.stringify(['small team']));

    // Bob (a commenter) sees the highlight and the count without reloading, opens the panel, replies.
    await waitUntil("Bob's highlight, live", async () => JSON.stringify(await highlights(bob)) === JSON.stringify(['small team']), 20_000);
    await waitUntil("Bob's count", async () => (await count(bob)) === 1);
    await bob.page.getByTestId('comments-button').click();
    const bobPanel = bob.page.getByTestId('comments-panel');
    const bobThread = bobPanel.getByTestId('thread').filter({ hasText: 'Who exactly is on it?' });
    await bobThread.click();
    await bobThread.getByTestId('comment-composer').click();
    await bob.page.keyboard.type('Me and Cleo, from Tuesday. ');
    // "@" opens a picker of the workspace's people; Enter mentions the highlighted one.
    await bob.page.keyboard.type('@Ad');
    await bob.page.getByTestId('mention-picker').getByText('Ada').waitFor();
    await bob.page.keyboard.press('Enter');
    await bob.page.keyboard.type('agreed?');
    await bobThread.getByTestId('comment-submit').click();
    const reply = adaPanel.getByTestId('comment').filter({ hasText: 'Me and Cleo, from Tuesday.' });
    await reply.waitFor({ timeout: 20_000 });
    expect(await reply.getByTestId('comment-body').innerText()).toBe('Me and Cleo, from Tuesday. @Ada agreed?');
    expect(await reply.locator('[data-testid="comment-body"] [data-mention-id]').count()).toBe(1);

    // Clicking the commented text in the page selects its thread in the panel.
    await bob.page.locator('[data-testid="page-editor"] .comment-highlight').click();
    await bobPanel.locator('[data-testid="thread"][data-active="true"]', { hasText: 'Who exactly is on it?' }).waitFor();

    // A second thread with the keyboard: Ctrl+Alt+M on a selection, Ctrl+Enter to send.
    await selectText(ada, 'the changelog');
    await ada.page.keyboard.press('Control+Alt+KeyM');
    await adaPanel.getByTestId('new-thread').getByTestId('comment-composer').click();
    await ada.page.keyboard.type('Link the release notes here.');
    await ada.page.keyboard.press('Control+Enter');
    await adaPanel.getByTestId('thread').filter({ hasText: 'Link the release notes here.' }).waitFor();
    await waitUntil('two open threads for Bob', async () => (await count(bob)) === 2, 20_000);
    // The panel lists threads in the order of their text in the page.
    await waitUntil('ordered by position', async () => {
      const quotes = await bobPanel.getByTestId('thread').locator('blockquote').allInnerTexts();
      return JSON.stringify(quotes) === JSON.stringify(['small team', 'the changelog']);
    });
    await screenshotVariants(bob.page, 'comments-panel');

    // Ada resolves the first thread: its highlight goes for both, and the count drops.
    await adaPanel.getByTestId('thread').filter({ hasText: 'Who exactly is on it?' }).getByTestId('resolve-thread').click();
    await waitUntil("Bob's highlight of the resolved thread goes", async () => JSON.stringify(await highlights(bob)) === JSON.stringify(['the changelog']), 20_000);
    await waitUntil("Bob's count drops", async () => (await count(bob)) === 1);
    await bobPanel.getByTestId('comments-filter-resolved').click();
    await bobPanel.getByTestId('thread').filter({ hasText: 'Me and Cleo' }).waitFor();
    await screenshot(bob.page, 'comments-resolved-filter');
    await bobPanel.getByTestId('comments-filter-open').click();

    // Ada deletes the commented text: the thread stays, "on deleted text", with its quote.
    await selectText(ada, 'the changelog');
    await ada.page.keyboard.press('Backspace');
    await waitUntil('no highlight left for Bob', async () => (await highlights(bob)).length === 0, 20_000);
    const deleted = bobPanel.getByTestId('thread').filter({ hasText: 'Link the release notes here.' });
    await deleted.getByTestId('on-deleted-text').waitFor();
    expect(await deleted.locator('blockquote').innerText()).toBe('the changelog');
    await adaPanel.getByTestId('thread').filter({ hasText: 'Link the release notes here.' }).getByTestId('on-deleted-text').waitFor();
    await screenshotVariants(ada.page, 'comments-deleted-text');
  });
});
