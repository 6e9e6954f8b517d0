import { randomUUID } from 'node:crypto';
import type { Dialog } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { caretAtEndOfBlock, editorText, openPage, saveStatus, slashCommand, typeAtEnd } from './support/editor.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Real people editing one page: two editors in two browser contexts type at once, one loses the
// network and comes back, a viewer cannot type, and a reload shows what Postgres saved.
// Everything runs against the real server, worker, Postgres and Redis.

describe('collaborative page editor', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  const signUp = (name: string): Promise<Person> => suite.signUp(name);

  const api = personApi;
  const open = (person: Person) => openPage(person, workspaceId, pageId);

  async function waitForSameText(people: Person[], mustContain: string[]): Promise<string> {
    let texts: string[] = [];
    try {
      await waitUntil(
        'the editors to show the same text',
        async () => {
          texts = await Promise.all(people.map(editorText));
          return texts.every((t) => t === texts[0]) && mustContain.every((s) => texts[0]!.includes(s));
        },
        30_000,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last texts: ${JSON.stringify(texts)}`, { cause: error });
    }
    return texts[0]!;
  }

  const occurrences = (text: string, part: string) => text.split(part).length - 1;

  beforeAll(async () => {
    ada = await signUp('Ada');
    bob = await signUp('Bob');
    const workspace = await api<{ id: string }>(ada, 'POST', '/workspaces', { name: `Launch ${randomUUID().slice(0, 6)}` });
    workspaceId = workspace.id;
    const page = await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Launch plan' });
    pageId = page.id;
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'editor' });
  });

  it('two people typing at the same time end with the same text and see each other’s caret', async () => {
    await Promise.all([open(ada), open(bob)]);
    // Each types on a line of their own, with both carets placed before either starts. Typing into
    // one spot at once raced one person's click with the other's first letter: a click after it put
    // the caret inside the other's sentence (the texts converge, but the sentences interleave).
    await typeAtEnd(ada, '');
    await ada.page.keyboard.press('Enter');
    await bob.page.getByTestId('page-editor').locator(':scope > p').nth(1).waitFor();
    await Promise.all([caretAtEndOfBlock(ada, 0), caretAtEndOfBlock(bob, 1)]);
    await Promise.all([ada.page.keyboard.type('Ada writes the agenda. ', { delay: 15 }), bob.page.keyboard.type('Bob books the room. ', { delay: 15 })]);
    const text = await waitForSameText([ada, bob], ['Ada writes the agenda.', 'Bob books the room.']);
    expect(occurrences(text, 'Ada writes the agenda.')).toBe(1);
    expect(occurrences(text, 'Bob books the room.')).toBe(1);

    await ada.page.locator(`.collaboration-carets__caret[data-user-id="${bob.id}"]`).waitFor();
    await bob.page.locator(`.collaboration-carets__caret[data-user-id="${ada.id}"]`).waitFor();
    expect(await ada.page.locator(`.collaboration-carets__caret[data-user-id="${bob.id}"]`).innerText()).toContain('Bob');
    await ada.page.locator(`[data-testid="presence-avatar"][data-user-id="${bob.id}"]`).waitFor();

    await waitUntil('both status pills to say Saved', async () => (await saveStatus(ada)) === 'saved' && (await saveStatus(bob)) === 'saved', 30_000);
    await screenshot(ada.page, 'editor-two-people-ada');
    await screenshot(bob.page, 'editor-two-people-bob');
  });

  it('someone who goes offline keeps typing, and both converge without duplicates when they are back', async () => {
    await bob.context.setOffline(true);
    await waitUntil("Bob's pill to say Offline", async () => (await saveStatus(bob)) === 'offline', 15_000);
    await Promise.all([typeAtEnd(ada, 'Ada adds slides while Bob is away. '), typeAtEnd(bob, 'Bob drafts offline. ')]);
    expect(await editorText(bob)).toContain('Bob drafts offline.');
    expect(await editorText(ada)).not.toContain('Bob drafts offline.');
    await screenshot(bob.page, 'editor-offline');

    // Closing the tab now would leave edits the server never acknowledged: the browser asks first.
    const dialog = new Promise<Dialog>((resolve) => bob.page.once('dialog', resolve));
    await bob.page.close({ runBeforeUnload: true });
    const prompt = await dialog;
    expect(prompt.type()).toBe('beforeunload');
    await prompt.dismiss();
    expect(bob.page.isClosed()).toBe(false);

    await bob.context.setOffline(false);
    const text = await waitForSameText([ada, bob], ['Ada adds slides while Bob is away.', 'Bob drafts offline.', 'Ada writes the agenda.']);
    for (const part of ['Ada writes the agenda.', 'Bob books the room.', 'Ada adds slides while Bob is away.', 'Bob drafts offline.']) {
      expect(occurrences(text, part)).toBe(1);
    }
    await waitUntil('Bob never got back to Saved', async () => (await saveStatus(bob)) === 'saved', 30_000);
  });

  it('a viewer sees the text live but cannot change it', async () => {
    const cleo = await signUp('Cleo');
    await api(ada, 'PUT', `/pages/${pageId}/shares`, { email: cleo.email, role: 'viewer' });
    await open(cleo);
    const before = await waitForSameText([ada, cleo], ['Bob drafts offline.']);
    expect(await cleo.page.getByTestId('page-editor').getAttribute('contenteditable')).toBe('false');
    await cleo.page.getByTestId('page-editor').click();
    await cleo.page.keyboard.type('Cleo was here');
    await cleo.page.keyboard.press('Enter');
    expect(await editorText(cleo)).toBe(before);
    await typeAtEnd(ada, 'Ada adds a last line.');
    await waitForSameText([ada, cleo], ['Ada adds a last line.']);
    expect(await editorText(ada)).not.toContain('Cleo was here');
    await screenshot(cleo.page, 'editor-viewer');
    await cleo.context.close();
  });

  it('a public link opens the page read-only for someone without an account', async () => {
    const link = await api<{ token: string }>(ada, 'POST', `/pages/${pageId}/links`, {});
    const context = await suite.browser.newContext({ baseURL: suite.stack.webUrl });
    const reader: Person = { name: 'Reader', email: '', id: '', context, page: await context.newPage() };
    await reader.page.goto(`/share/${link.token}`);
    await reader.page.getByTestId('page-editor').waitFor();
    await waitForSameText([ada, reader], ['Ada adds a last line.']);
    expect(await reader.page.getByTestId('page-editor').getAttribute('contenteditable')).toBe('false');
    await screenshot(reader.page, 'editor-public-link');
    await context.close();
  });

  it('the slash menu inserts blocks, the bubble menu formats, and undo takes back only my own change', async () => {
    const editor = ada.page.getByTestId('page-editor');
    await typeAtEnd(ada, '');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('/head', { delay: 30 });
    await ada.page.getByTestId('slash-menu').waitFor();
    expect(await ada.page.getByTestId('slash-menu').getByRole('option').first().innerText()).toContain('Heading 1');
    await screenshot(ada.page, 'editor-slash-menu');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('Agenda', { delay: 15 });
    await editor.locator('h1', { hasText: 'Agenda' }).waitFor();
    await bob.page.getByTestId('page-editor').locator('h1', { hasText: 'Agenda' }).waitFor();
    expect(await ada.page.getByTestId('slash-menu').count()).toBe(0);

    // A to-do list from the slash menu, and a link with the shortcut people know (Mod-k).
    await ada.page.keyboard.press('Enter');
    await slashCommand(ada, 'todo', 'taskList');
    await ada.page.keyboard.type('Print handouts', { delay: 15 });
    await bob.page.getByTestId('page-editor').locator('ul[data-type="taskList"] li', { hasText: 'Print handouts' }).waitFor();
    await editor.locator('li', { hasText: 'Print handouts' }).locator('p').selectText();
    await ada.page.keyboard.press('Control+k');
    await ada.page.getByRole('textbox', { name: 'Link address' }).fill('example.com/handouts');
    await ada.page.keyboard.press('Enter');
    await bob.page.getByTestId('page-editor').locator('a[href="https://example.com/handouts"]', { hasText: 'Print handouts' }).waitFor();

    // Select a paragraph: the bubble menu offers marks; Bold applies to everyone's copy.
    // Pause first, so the bold is an undo step of its own (Yjs groups changes 500 ms apart).
    await ada.page.waitForTimeout(600);
    await editor.locator('p', { hasText: 'Ada writes the agenda.' }).selectText();
    await ada.page.getByTestId('bubble-menu').waitFor();
    await screenshot(ada.page, 'editor-bubble-menu');
    await ada.page.getByTestId('bubble-menu').getByRole('button', { name: /^Bold/ }).click();
    await bob.page.getByTestId('page-editor').locator('strong', { hasText: 'Ada writes the agenda.' }).waitFor();

    // Undo is per person (Yjs UndoManager): Ada's undo must not touch what Bob typed after her.
    // Bob writes after Ada's change, away from her bold text: Yjs merges touching formatting, so a
    // collaborator typing inside the bold run would make the bold partly theirs.
    await ada.page.waitForTimeout(600);
    await typeAtEnd(bob, ' (Bob confirmed)');
    await waitForSameText([ada, bob], ['(Bob confirmed)']);
    await editor.locator('h1', { hasText: 'Agenda' }).click();
    await ada.page.keyboard.press('Control+z');

    const adasBold = (person: Person) => person.page.getByTestId('page-editor').locator('strong', { hasText: 'Ada writes the agenda.' }).count();
    await waitUntil("Ada's bold to be undone on both sides", async () => (await adasBold(ada)) === 0 && (await adasBold(bob)) === 0, 30_000);
    await waitForSameText([ada, bob], ['(Bob confirmed)', 'Agenda', 'Print handouts']);
  });

  it('a reload shows the saved text', async () => {
    await waitUntil('never Saved before reload', async () => (await saveStatus(ada)) === 'saved', 30_000);
    const saved = await editorText(ada);
    // A fresh context has no IndexedDB copy: the text can only come from the server.
    const fresh = await suite.browser.newContext({ baseURL: suite.stack.webUrl, storageState: await ada.context.storageState(), colorScheme: 'dark' });
    const again: Person = { ...ada, context: fresh, page: await fresh.newPage() };
    await open(again);
    await waitUntil('reloaded text differs', async () => (await editorText(again)) === saved, 30_000);
    await screenshot(again.page, 'editor-dark');
    await again.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(again.page, 'editor-phone-dark');
    await ada.page.reload();
    await ada.page.getByTestId('page-editor').waitFor();
    await waitUntil('reloaded text differs', async () => (await editorText(ada)) === saved, 30_000);
    await fresh.close();
  });

  it('the page tree and the open page share one socket, also across pages', async () => {
    const other = await api<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Second room' });
    const tab = await ada.context.newPage();
    const sockets: string[] = [];
    tab.on('websocket', (ws) => {
      if (ws.url().includes('/socket.io/')) sockets.push(ws.url());
    });
    await tab.goto(`/w/${workspaceId}/p/${pageId}`);
    await tab.getByTestId('page-editor').waitFor();
    await tab.getByTestId('tree-row').filter({ hasText: 'Second room' }).click();
    await tab.waitForURL(new RegExp(`/p/${other.id}$`));
    await tab.getByTestId('page-editor').waitFor();
    await waitUntil('the second page to be live', async () => (await tab.getByTestId('save-status').getAttribute('data-state')) === 'saved', 30_000);
    expect(sockets).toHaveLength(1);
    await tab.close();
  });
});
