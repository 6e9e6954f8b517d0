import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi as api } from './support/people.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { selectText } from './support/editor.js';
import { browserSuite } from './support/suite.js';

// The inbox in the browser (issue 14): Ada mentions Bob in a comment on selected text; Bob's
// sidebar badge appears without a reload; his inbox lists it; opening it goes to the page with the
// thread revealed in the panel and marks it read. Bob turns mention mails off; Ada hides comments
// from public links, and a link's reader no longer sees the comments button. Against the real
// server, worker, Postgres, Redis and SMTP.
describe('inbox', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  const badge = async (person: Person) => {
    const el = person.page.getByTestId('inbox-badge');
    return (await el.count()) ? Number(await el.innerText()) : 0;
  };

  beforeAll(async () => {
    ada = await suite.signUp('Ada');
    bob = await suite.signUp('Bob');
    workspaceId = (await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `Inbox ${randomUUID().slice(0, 6)}` })).id;
    const content = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'We ship on Monday with the small team.' }] },
        ...Array.from({ length: 30 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Filler line ${i + 1} so the thread's text starts out of view.` }] })),
        { type: 'paragraph', content: [{ type: 'text', text: 'Bob owns the release checklist.' }] },
      ],
    };
    pageId = (await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Launch', content: { kind: 'json', content } })).id;
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'commenter' });
  });

  it('a mention reaches the inbox live, and opening it reveals the thread', async () => {
    await bob.page.goto(`/w/${workspaceId}`);
    await bob.page.getByTestId('workspace-home').waitFor();
    // The share of the page is already in Bob's inbox (issue 14: shares reach the inbox too).
    await waitUntil("Bob's badge: the share", async () => (await badge(bob)) === 1, 20_000);

    // Ada comments on the last line and mentions Bob through the picker.
    await ada.page.goto(`/w/${workspaceId}/p/${pageId}`);
    await ada.page.locator('[data-testid="page-editor"] p', { hasText: 'release checklist' }).waitFor();
    await selectText(ada.page, 'release checklist');
    await ada.page.keyboard.press('Control+Alt+KeyM');
    const panel = ada.page.getByTestId('comments-panel');
    await panel.getByTestId('new-thread').getByTestId('comment-composer').click();
    await ada.page.keyboard.type('Can you confirm by Friday, ');
    await ada.page.keyboard.type('@Bo');
    await ada.page.getByTestId('mention-picker').getByText('Bob').waitFor();
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.press('Control+Enter');
    await panel.getByTestId('thread').filter({ hasText: 'Can you confirm by Friday' }).waitFor();

    // Bob's badge appears without a reload (inbox:changed on his socket).
    await waitUntil("Bob's badge, live", async () => (await badge(bob)) === 2, 20_000);
    await screenshot(bob.page, 'inbox-badge');

    await bob.page.getByRole('link', { name: /Inbox/ }).click();
    const item = bob.page.getByTestId('inbox-item');
    await item.filter({ hasText: 'Ada mentioned you in Launch' }).waitFor();
    expect(await item.first().innerText()).toContain('Can you confirm by Friday, @Bob');
    expect(await item.first().getAttribute('data-unread')).toBe('true');
    await screenshotVariants(bob.page, 'inbox');

    // Opening it: the page, the panel open on that thread, its text scrolled into view, and read.
    await item.first().click();
    await bob.page.waitForURL(new RegExp(`/w/${workspaceId}/p/${pageId}$`));
    const active = bob.page.locator('[data-testid="comments-panel"] [data-testid="thread"][data-active="true"]');
    await active.filter({ hasText: 'Can you confirm by Friday' }).waitFor({ timeout: 20_000 });
    await waitUntil('the commented text in view', async () =>
      bob.page.locator('[data-testid="page-editor"] .comment-highlight', { hasText: 'release checklist' }).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    );
    await waitUntil("Bob's badge down to the share", async () => (await badge(bob)) === 1, 20_000);
    await screenshotVariants(bob.page, 'inbox-revealed');
  });

  it('a mention made while his socket is still connecting reaches the badge once it connects', async () => {
    // The socket's token is held back until Ada has mentioned Bob: the inbox was fetched before the
    // mention, and the socket joins Bob's room after it, so no `inbox:changed` reaches him for it.
    let releaseToken!: () => void;
    const tokenHeld = new Promise<void>((resolve) => (releaseToken = resolve));
    await bob.page.route('**/api/auth/socket-token', async (route) => {
      await tokenHeld;
      await route.continue();
    });
    await bob.page.goto(`/w/${workspaceId}`);
    await bob.page.getByTestId('workspace-home').waitFor();
    await waitUntil("Bob's badge: the share", async () => (await badge(bob)) === 1, 20_000);
    await api(ada, 'POST', `/pages/${pageId}/mentions`, { userIds: [bob.id] });
    releaseToken();
    await waitUntil("Bob's badge, once his socket is up", async () => (await badge(bob)) === 2, 20_000);
    await bob.page.unroute('**/api/auth/socket-token');
  });

  it('Bob turns mention mails off; Ada hides comments from public links', async () => {
    await bob.page.goto('/account');
    const mails = bob.page.getByTestId('email-mentions');
    await waitUntil('setting loaded', async () => (await mails.isEnabled()) && (await mails.isChecked()));
    // A click, then the box and the server both off: the box follows the click once the mutation
    // has started (a moment after the click, which uncheck() does not wait for).
    await mails.click();
    await waitUntil('saved', async () => {
      const res = await bob.context.request.get('/api/notifications/settings');
      return ((await res.json()) as { emailMentions: boolean }).emailMentions === false && !(await mails.isChecked());
    });
    await screenshot(bob.page, 'inbox-email-setting');

    const { token } = await api<{ token: string }>(ada, 'POST', `/pages/${pageId}/links`, {});
    const reader = await suite.browser.newContext({ baseURL: suite.stack.webUrl, viewport: { width: 1280, height: 800 } });
    const readerPage = await reader.newPage();
    await readerPage.goto(`/share/${token}`);
    await readerPage.getByTestId('shared-page').waitFor();
    await readerPage.getByTestId('comments-button').waitFor();

    await ada.page.goto(`/w/${workspaceId}/settings`);
    const toggle = ada.page.getByTestId('comments-on-links');
    await waitUntil('on by default', async () => toggle.isChecked());
    await toggle.uncheck();
    await waitUntil('saved', async () => (await toggle.isEnabled()) && !(await toggle.isChecked()));
    await screenshotVariants(ada.page, 'inbox-workspace-setting');

    await readerPage.reload();
    await readerPage.getByTestId('shared-page').waitFor();
    await readerPage.locator('[data-testid="page-editor"] p', { hasText: 'small team' }).waitFor();
    expect(await readerPage.getByTestId('comments-button').count()).toBe(0);
    expect((await reader.request.get(`/api/share/${token}/threads`)).status()).toBe(404);
    await reader.close();
  });
});
