import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { MeResponse, MembersResponse, PageDetailResponse, PageTreeResponse, SessionsResponse } from '@tandem/protocol';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// The shell a person uses around the editor, in a real browser against the real server, worker,
// Postgres and Redis: sign up, workspace, nested pages, rename, share, trash/restore, 404, phone.

const PASSWORD = 'correct horse battery staple';
const unique = () => randomUUID().slice(0, 8);

describe('web shell', () => {
  // The shared stack: the API server going away (the shell's "unreachable" state) is tested where
  // the stack is the suite's own to stop (health.e2e.ts).
  const suite = browserSuite();
  const contexts: BrowserContext[] = [];

  // Filled in as the story goes: later tests build on the first one's workspace and pages.
  const owner = { name: 'Ada Lovelace', email: `ada-${unique()}@example.com` };
  const guest = { name: 'Grace Hopper', email: `grace-${unique()}@example.com` };
  let ownerPage: Page;
  let guestPage: Page;
  let workspaceId = '';
  let parentId = '';
  let childId = '';

  const newPage = async (options: Parameters<Browser['newContext']>[0] = {}) => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    contexts.push(context);
    return context.newPage();
  };

  // The API as the signed-in browser sees it (same cookies, through the web app's /api proxy).
  const apiGet = async <T>(page: Page, path: string): Promise<{ status: number; body: T }> => {
    const res = await page.request.get(`${suite.stack.webUrl}/api${path}`);
    return { status: res.status(), body: (await res.json()) as T };
  };

  const treeRow = (page: Page, title: string) => page.getByTestId('tree-row').filter({ has: page.locator(`text="${title}"`) });

  const typeTitle = async (page: Page, title: string) => {
    const input = page.getByTestId('page-title');
    await input.waitFor();
    await input.click();
    await input.fill(title);
    await input.press('Enter');
  };

  const signUp = async (page: Page, person: { name: string; email: string }) => {
    await page.goto(`${suite.stack.webUrl}/signup`);
    await page.getByLabel('Name').fill(person.name);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, 'shell-signup');
    await page.getByRole('button', { name: 'Sign up' }).click();
  };

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  it('signs up, creates a workspace and a nested page, and renames it', async () => {
    ownerPage = await newPage();
    const page = ownerPage;
    await signUp(page, owner);

    // No workspace yet: the picker offers to create one.
    await page.getByTestId('workspace-picker').waitFor();
    await page.getByLabel('Workspace name').fill('Analytical Engine');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/\/w\/[0-9a-f-]{36}$/);
    workspaceId = page.url().split('/w/')[1]!;
    await page.getByTestId('empty-tree').waitFor();
    await screenshot(page, 'shell-empty-workspace');

    await page.getByTestId('create-first-page').click();
    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/);
    parentId = page.url().split('/p/')[1]!;
    await typeTitle(page, 'Research notes');
    await treeRow(page, 'Research notes').waitFor();

    // A page inside it, from the row's ＋ button.
    await treeRow(page, 'Research notes').hover();
    await treeRow(page, 'Research notes').getByTestId('row-add').click();
    await page.waitForURL((url) => /\/p\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(parentId));
    childId = page.url().split('/p/')[1]!;
    await typeTitle(page, 'Bernoulli numbers');
    const child = treeRow(page, 'Bernoulli numbers');
    await child.waitFor();
    expect(await child.getAttribute('aria-level')).toBe('2');
    // The breadcrumbs lead back through the parent.
    expect(await page.getByRole('navigation', { name: 'Breadcrumbs' }).textContent()).toContain('Research notes');

    // Rename inline in the sidebar, from the row menu.
    await child.hover();
    await child.getByTestId('row-menu').click();
    await page.getByTestId('row-rename').click();
    const input = page.getByTestId('rename-input');
    await input.fill('Note G: Bernoulli numbers');
    await input.press('Enter');
    await treeRow(page, 'Note G: Bernoulli numbers').waitFor();

    // The server has it, not just the cache.
    await waitFor(async () => (await apiGet<PageDetailResponse>(page, `/pages/${childId}`)).body.page.title === 'Note G: Bernoulli numbers');
    const tree = await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`);
    expect(tree.body.pages.find((p) => p.id === childId)?.parentId).toBe(parentId);
    // The page header follows the rename made in the sidebar.
    await waitFor(async () => (await page.getByTestId('page-title').inputValue()) === 'Note G: Bernoulli numbers');
    await screenshot(page, 'shell-nested-page');
  });

  it('reorders pages with the keyboard and keeps the order after a reload', async () => {
    const page = ownerPage;
    await page.getByTestId('new-page').click();
    await page.waitForURL((url) => /\/p\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(childId));
    await typeTitle(page, 'Letters');
    await treeRow(page, 'Letters').waitFor();
    const roots = async () =>
      page.locator('[data-testid="tree-row"][aria-level="1"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    expect(await roots()).toEqual(['Research notes', 'Letters']);

    // Alt+ArrowUp moves the focused page above its previous sibling.
    await treeRow(page, 'Letters').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await waitFor(async () => JSON.stringify(await roots()) === JSON.stringify(['Letters', 'Research notes']));
    await waitFor(async () => {
      const tree = await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`);
      const ordered = tree.body.pages.filter((p) => p.parentId === null).sort((a, b) => (a.position < b.position ? -1 : 1));
      return ordered.map((p) => p.title).join('|') === 'Letters|Research notes';
    });
    await page.reload();
    await treeRow(page, 'Letters').waitFor();
    expect(await roots()).toEqual(['Letters', 'Research notes']);

    // Drag and drop: onto the lower edge of a row places the page after it.
    await treeRow(page, 'Letters').dragTo(treeRow(page, 'Research notes'), { targetPosition: { x: 60, y: 27 } });
    await waitFor(async () => JSON.stringify(await roots()) === JSON.stringify(['Research notes', 'Letters']));
    // Onto the middle of a row nests it inside; Alt+ArrowLeft lifts it back out after its parent.
    await treeRow(page, 'Letters').dragTo(treeRow(page, 'Research notes'), { targetPosition: { x: 60, y: 15 } });
    await waitFor(async () => (await treeRow(page, 'Letters').getAttribute('aria-level')) === '2');
    await waitFor(async () => {
      const tree = await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`);
      return tree.body.pages.find((p) => p.title === 'Letters')?.parentId === parentId;
    });
    await screenshot(page, 'shell-tree-nested-by-drag');
    // What becomes of the move request, for the message if the move never lands (CI has lost it
    // twice under load; the log says whether it was sent, answered or cut).
    const moves = moveRequests(page);
    await treeRow(page, 'Letters').focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await waitFor(async () => JSON.stringify(await roots()) === JSON.stringify(['Research notes', 'Letters']));
    // The tree shows the move at once, while its request may still be on its way: leaving the page
    // right away must not cancel it (the app sends changes with keepalive). CI once lost exactly
    // this move to the next test's navigation.
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}`);
    await waitFor(
      async () => {
        const tree = await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`);
        return tree.body.pages.find((p) => p.title === 'Letters')?.parentId === null;
      },
      15_000,
      moves.told,
    ).finally(moves.stop);
  });

  it('shares the nested page with a second person, who then sees it', async () => {
    // The second person has an account already (sharing needs one).
    const other = await newPage();
    guestPage = other;
    await signUp(other, guest);
    await other.getByTestId('workspace-picker').waitFor();
    // Shares bind only to a confirmed address: the guest opens the mailed link first.
    const verifyLink = new URL((await suite.mailbox.waitFor(guest.email, /Confirm your email/)).links[0]!);
    await other.goto(`${suite.stack.webUrl}${verifyLink.pathname}${verifyLink.search}`);
    await other.getByRole('heading', { name: 'Address confirmed' }).waitFor();

    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${childId}`);
    await page.getByTestId('share-button').click();
    const dialog = page.getByRole('dialog', { name: 'Share this page' });
    await dialog.getByLabel('Invite by email').fill(guest.email);
    await dialog.getByLabel('Role for the invited person').selectOption('editor');
    await dialog.getByTestId('share-invite').click();
    await dialog.getByTestId('share-list').getByText(guest.name).waitFor();
    await dialog.getByTestId('create-link').click();
    await dialog.getByTestId('share-link-url').waitFor();
    const link = await dialog.getByTestId('share-link-url').inputValue();
    expect(link).toMatch(/\/share\/[A-Za-z0-9_-]{16,}$/);
    await screenshot(page, 'shell-share-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The guest now has the workspace; the shared page shows at their root (its parent is not theirs).
    await other.goto(`${suite.stack.webUrl}/w`);
    await other.waitForURL(new RegExp(`/w/${workspaceId}$`));
    const row = treeRow(other, 'Note G: Bernoulli numbers');
    await row.waitFor().catch(async (err: unknown) => {
      await screenshot(other, 'debug-guest');
      console.log(other.url(), await other.locator('body').innerText());
      throw err;
    });
    expect(await row.getAttribute('aria-level')).toBe('1');
    expect(await treeRow(other, 'Research notes').count()).toBe(0);
    await row.click();
    await other.waitForURL(new RegExp(`/p/${childId}$`));
    expect(await other.getByTestId('page-title').inputValue()).toBe('Note G: Bernoulli numbers');
    await screenshot(other, 'shell-guest-sees-shared-page');

    // The owner adds a page inside the shared one; it appears for the guest without a reload.
    const shared = treeRow(page, 'Note G: Bernoulli numbers');
    await shared.hover();
    await shared.getByTestId('row-add').click();
    await page.waitForURL((url) => /\/p\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(childId));
    await typeTitle(page, 'Diagram of the engine');
    await treeRow(other, 'Note G: Bernoulli numbers').getByRole('button', { name: 'Expand' }).click();
    await treeRow(other, 'Diagram of the engine').waitFor();

    // What the guest may not see is not found (its existence is not revealed); what they may see
    // but not manage says so.
    await other.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${parentId}`);
    await other.getByTestId('state-not-found').waitFor();
    await other.goto(`${suite.stack.webUrl}/w/${workspaceId}/trash`);
    await other.getByTestId('state-forbidden').waitFor();
    await screenshot(other, 'shell-guest-forbidden-trash');

    // The public link opens the page read-only without an account.
    const anonymous = await newPage();
    await anonymous.goto(link);
    await anonymous.getByTestId('shared-page').waitFor();
    expect(await anonymous.getByRole('heading', { level: 1 }).textContent()).toBe('Note G: Bernoulli numbers');
    await screenshot(anonymous, 'shell-public-link');
  });

  it('gives a viewer a read-only page: no title editing, no sharing, and says so', async () => {
    const page = ownerPage;
    const letters = (await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`)).body.pages.find((p) => p.title === 'Letters')!;
    const res = await page.request.put(`${suite.stack.webUrl}/api/pages/${letters.id}/shares`, { data: { email: guest.email, role: 'viewer' } });
    expect(res.status()).toBe(200);

    const other = guestPage;
    await other.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${letters.id}`);
    await other.getByTestId('role-badge').waitFor();
    expect(await other.getByTestId('role-badge').textContent()).toBe('View only');
    const title = other.getByTestId('page-title');
    expect(await title.getAttribute('readonly')).not.toBeNull();
    await title.press('End');
    await other.keyboard.type(' (edited)');
    expect(await title.inputValue()).toBe('Letters');
    expect(await other.getByTestId('share-button').count()).toBe(0);
    await screenshot(other, 'shell-viewer-page');
    const after = await apiGet<PageDetailResponse>(page, `/pages/${letters.id}`);
    expect(after.body.page.title).toBe('Letters');
  });

  it('moves a page to the trash with its children and restores it', async () => {
    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}`);
    const parent = treeRow(page, 'Research notes');
    await parent.waitFor();
    await parent.hover();
    await parent.getByTestId('row-menu').click();
    await page.getByTestId('row-trash').click();
    await waitFor(async () => (await treeRow(page, 'Research notes').count()) === 0);
    // The sidebar hides it at once (optimistic); the server follows.
    await waitFor(async () => {
      const ids = (await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`)).body.pages.map((p) => p.id);
      return !ids.includes(parentId) && !ids.includes(childId);
    });

    await page.getByRole('link', { name: 'Trash' }).click();
    const trashed = page.getByTestId('trash-row').filter({ hasText: 'Research notes' });
    await trashed.waitFor();
    expect(await trashed.textContent()).toContain('2 pages inside');
    await screenshot(page, 'shell-trash');
    // Opened by its address, a trashed page says where it is.
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${parentId}`);
    await page.getByTestId('trashed-banner').waitFor();
    await page.getByRole('link', { name: 'Trash' }).click();
    await trashed.getByRole('button', { name: 'Restore' }).click();
    await page.getByTestId('trash-empty').waitFor();
    await treeRow(page, 'Research notes').waitFor();
    const restored = await apiGet<PageTreeResponse>(page, `/workspaces/${workspaceId}/pages`);
    expect(restored.body.pages.find((p) => p.id === childId)?.parentId).toBe(parentId);
  });

  it('says so when a page or a route does not exist', async () => {
    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${randomUUID()}`);
    await page.getByTestId('state-not-found').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/does not exist/);
    await screenshot(page, 'shell-page-not-found');

    await page.goto(`${suite.stack.webUrl}/no/such/route`);
    await page.getByTestId('state-not-found').waitFor();
  });

  it('fits a phone: the sidebar becomes a drawer', async () => {
    const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark' });
    // A page's address without a session goes through the login and back to that page.
    await phone.goto(`${suite.stack.webUrl}/w/${workspaceId}/p/${childId}`);
    await phone.waitForURL(/\/login\?next=/);
    await phone.getByLabel('Email').fill(owner.email);
    await phone.getByLabel('Password').fill(PASSWORD);
    await phone.getByRole('button', { name: 'Log in' }).click();
    await phone.waitForURL(new RegExp(`/w/${workspaceId}/p/${childId}$`));
    await phone.getByTestId('page-title').waitFor();

    const sidebar = phone.locator('#sidebar');
    const inView = async () => (await sidebar.boundingBox())!.x >= 0;
    expect(await inView()).toBe(false);
    // Nothing spills sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'shell-phone-page');

    await phone.getByTestId('open-sidebar').click();
    await waitFor(inView);
    await screenshot(phone, 'shell-phone-drawer');
    // No dragging on a touch screen: the row menu moves pages one step at a time.
    const roots = () => phone.locator('[data-testid="tree-row"][aria-level="1"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    expect(await roots()).toEqual(['Research notes', 'Letters']);
    await treeRow(phone, 'Letters').getByTestId('row-menu').click();
    await phone.getByRole('menuitem', { name: 'Move up' }).click();
    await waitFor(async () => JSON.stringify(await roots()) === JSON.stringify(['Letters', 'Research notes']));
    await treeRow(phone, 'Letters').click();
    await phone.waitForURL((url) => !url.pathname.endsWith(childId));
    await waitFor(async () => !(await inView()));
  });

  it('invites a member by email, who accepts, and the owner makes them an admin', async () => {
    const member = { name: 'Charles Babbage', email: `charles-${unique()}@example.com` };
    const invitee = await newPage();
    await signUp(invitee, member);
    await invitee.getByTestId('workspace-picker').waitFor();
    // Invitations reach an account only once its address is confirmed: open the mailed link first.
    const verifyLink = new URL((await suite.mailbox.waitFor(member.email, /Confirm your email/)).links[0]!);
    await invitee.goto(`${suite.stack.webUrl}${verifyLink.pathname}${verifyLink.search}`);
    await invitee.getByRole('heading', { name: 'Address confirmed' }).waitFor();

    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}/settings`);
    await page.getByTestId('member-list').waitFor();
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Role for the invited person').selectOption('member');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByText('Pending invitations').waitFor();

    await invitee.goto(`${suite.stack.webUrl}/invitations`);
    const invitation = invitee.getByTestId('invitation-list').locator('li').filter({ hasText: 'Analytical Engine' });
    await invitation.waitFor();
    await screenshot(invitee, 'shell-invitations');
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await invitee.waitForURL(new RegExp(`/w/${workspaceId}$`));
    // A member sees every page of the workspace, not only shared ones.
    await treeRow(invitee, 'Research notes').waitFor();

    await page.reload();
    const row = page.getByTestId('member-row').filter({ hasText: member.name });
    await row.waitFor();
    await row.getByLabel(`Role of ${member.name}`).selectOption('admin');
    await waitFor(async () => {
      const res = await apiGet<MembersResponse>(page, `/workspaces/${workspaceId}/members`);
      return res.body.members.find((m) => m.email === member.email)?.role === 'admin';
    });
    await screenshot(page, 'shell-workspace-settings');
  });

  it('lists where the account is logged in and logs another session out', async () => {
    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/account`);
    const sessions = page.getByTestId('session-list').locator('li');
    await sessions.first().waitFor();
    // This browser and the phone from the earlier test.
    expect(await sessions.count()).toBe(2);
    expect(await sessions.filter({ hasText: 'This browser' }).count()).toBe(1);
    await screenshot(page, 'shell-account');
    await sessions.filter({ hasNotText: 'This browser' }).getByRole('button', { name: 'Log out' }).click();
    await waitFor(async () => (await sessions.count()) === 1);
    const res = await apiGet<SessionsResponse>(page, '/auth/sessions');
    expect(res.body.sessions).toHaveLength(1);
  });

  it('renames the account from its settings; an empty name is refused in place', async () => {
    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/account`);
    const field = page.getByLabel('Your name');
    expect(await field.inputValue()).toBe(owner.name);
    await field.fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('must not be empty').waitFor();
    await field.fill('Augusta Ada King');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByTestId('account-settings').getByText('Augusta Ada King ·').waitFor();
    expect((await apiGet<MeResponse>(page, '/auth/me')).body.user.name).toBe('Augusta Ada King');
    await screenshot(page, 'shell-account-renamed');
    // Back to the name the other tests expect.
    await field.fill(owner.name);
    await page.getByRole('button', { name: 'Save name' }).click();
    await waitFor(async () => (await apiGet<MeResponse>(page, '/auth/me')).body.user.name === owner.name);
  });

  it('creates a second workspace from the switcher and switches back with the keyboard', async () => {
    const page = ownerPage;
    await page.goto(`${suite.stack.webUrl}/w/${workspaceId}`);
    await page.getByTestId('workspace-switcher').click();
    await page.getByTestId('create-workspace').click();
    const dialog = page.getByRole('dialog', { name: 'Create a workspace' });
    await dialog.getByLabel('Workspace name').fill('Difference Engine');
    await dialog.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL((url) => /\/w\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(workspaceId));
    await page.getByTestId('empty-tree').waitFor();
    expect(await page.getByTestId('workspace-switcher').textContent()).toContain('Difference Engine');

    // Menu button pattern: ArrowDown opens on the first item (the oldest workspace), Enter picks it.
    await page.getByTestId('workspace-switcher').focus();
    await page.keyboard.press('ArrowDown');
    const first = page.getByRole('menuitem').first();
    await first.waitFor();
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await first.textContent()).toContain('Analytical Engine');
    await screenshot(page, 'shell-workspace-switcher');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/w/${workspaceId}$`));
    await treeRow(page, 'Letters').waitFor();

    // The tree is one tab stop; arrows walk the visible rows.
    await treeRow(page, 'Research notes').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Note G: Bernoulli numbers');
  });
});

// Every move request the page sends until `stop`: sent, then its status or its failure.
function moveRequests(page: Page): { told: () => string; stop: () => void } {
  const seen: string[] = [];
  const isMove = (req: Request) => req.url().endsWith('/move');
  const sent = (req: Request) => void (isMove(req) && seen.push(`sent ${req.postData()}`));
  const finished = (req: Request) => void (isMove(req) && req.response().then((res) => seen.push(`${req.postData()} → ${res?.status() ?? 'no response'}`)));
  const failed = (req: Request) => void (isMove(req) && seen.push(`${req.postData()} → failed: ${req.failure()?.errorText}`));
  page.on('request', sent).on('requestfinished', finished).on('requestfailed', failed);
  return {
    told: () => `move requests: ${seen.join('; ') || 'none seen'}`,
    stop: () => void page.off('request', sent).off('requestfinished', finished).off('requestfailed', failed),
  };
}

// `context`: what else to say if the condition is never met.
async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000, context?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}${context ? `\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
