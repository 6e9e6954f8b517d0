import { Editor } from '@tiptap/core';

import {
  type SlashCommandRequests,
  SlashMenu,
  SlashMenuController,
  defaultSlashCommands,
  documentExtensions,
  filterSlashCommands,
  formatShortcut,
} from '../src/index.js';

const titles = (query: string) => filterSlashCommands(defaultSlashCommands(), query).map((command) => command.title);

describe('filterSlashCommands', () => {
  it('lists every block in menu order for an empty query', () => {
    expect(titles('')).toEqual(defaultSlashCommands().map((command) => command.title));
  });

  it('puts title prefixes first, then title words, then keywords', () => {
    expect(titles('he')).toEqual(['Heading 1', 'Heading 2', 'Heading 3', 'Table of contents']);
    expect(titles('list')).toEqual(['Bulleted list', 'Numbered list', 'To-do list', 'Toggle list']);
    expect(titles('h2')[0]).toBe('Heading 2');
    expect(titles('todo')[0]).toBe('To-do list');
    expect(titles('hr')[0]).toBe('Divider');
  });

  it('matches letters in order as a last resort and ignores case and spaces around the query', () => {
    expect(titles('  NUM ')).toEqual(['Numbered list']);
    expect(titles('bltd')).toEqual(['Bulleted list']);
  });

  it('returns nothing for a query nothing matches', () => {
    expect(titles('zzzz')).toEqual([]);
  });
});

describe('SlashMenuController', () => {
  const picked: string[] = [];
  const pick = (command: { id: string }) => picked.push(command.id);

  it('opens with the first match highlighted, wraps with the arrows and runs the highlighted one on Enter', () => {
    const menu = new SlashMenuController(defaultSlashCommands());
    menu.show('list', null, pick);
    expect(menu.getSnapshot()).toMatchObject({ open: true, query: 'list', selectedIndex: 0 });
    expect(menu.handleKey('ArrowUp')).toBe(true);
    expect(menu.getSnapshot().items[menu.getSnapshot().selectedIndex]?.id).toBe('toggle');
    expect(menu.handleKey('ArrowDown')).toBe(true);
    expect(menu.handleKey('ArrowDown')).toBe(true);
    expect(menu.handleKey('Enter')).toBe(true);
    expect(picked.at(-1)).toBe('orderedList');
  });

  it('keeps the highlighted command while typing narrows the list', () => {
    const menu = new SlashMenuController(defaultSlashCommands());
    menu.show('h', null, pick);
    menu.move(1);
    const highlighted = menu.getSnapshot().items[menu.getSnapshot().selectedIndex];
    menu.show('he', null, pick);
    expect(menu.getSnapshot().items[menu.getSnapshot().selectedIndex]).toBe(highlighted);
  });

  it('lets the editor have keys when closed and when nothing matches Enter', () => {
    const menu = new SlashMenuController(defaultSlashCommands());
    expect(menu.handleKey('ArrowDown')).toBe(false);
    menu.show('zzzz', null, pick);
    expect(menu.getSnapshot().selectedIndex).toBe(-1);
    expect(menu.handleKey('Enter')).toBe(false);
    expect(menu.handleKey('a')).toBe(false);
    menu.hide();
    expect(menu.getSnapshot().open).toBe(false);
  });

  it('notifies subscribers, and stops after unsubscribe', () => {
    const menu = new SlashMenuController(defaultSlashCommands());
    let calls = 0;
    const unsubscribe = menu.subscribe(() => (calls += 1));
    menu.show('', null, pick);
    menu.move(1);
    unsubscribe();
    menu.hide();
    expect(calls).toBe(2);
  });
});

// Headless editors (no DOM): content must be JSON, never an HTML string.
const newEditor = () =>
  new Editor({
    element: null,
    extensions: [...documentExtensions(), SlashMenu],
    content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '/hea' }] }] },
  });

const refuse: SlashCommandRequests = { requestImageUrl: async () => null, requestLatex: async () => null, requestPageLink: async () => null, requestEmbedUrl: async () => null, requestBookmark: async () => null, requestTemplatePage: async () => null };

describe('SlashMenu extension', () => {
  it('gives each editor its own menu state', () => {
    const a = newEditor();
    const b = newEditor();
    expect(a.storage.slashMenu.controller).toBeInstanceOf(SlashMenuController);
    expect(a.storage.slashMenu.controller).not.toBe(b.storage.slashMenu.controller);
    a.destroy();
    b.destroy();
  });

  it('runs a command in place of the "/query" text', () => {
    const editor = newEditor();
    const heading = defaultSlashCommands().find((command) => command.id === 'heading2');
    void heading?.run({ editor, range: { from: 1, to: 5 }, ...refuse });
    expect(editor.getJSON()).toEqual({ type: 'doc', content: [{ type: 'heading', attrs: { level: 2 } }] });
    editor.destroy();
  });
});

describe('slash commands for the richer blocks', () => {
  const run = async (id: string, requests: Partial<SlashCommandRequests> = {}) => {
    const editor = newEditor();
    const command = defaultSlashCommands().find((c) => c.id === id);
    if (!command) throw new Error(`no command ${id}`);
    await command.run({ editor, range: { from: 1, to: 5 }, ...refuse, ...requests });
    const json = editor.getJSON();
    editor.destroy();
    return json.content ?? [];
  };

  it('inserts a callout, a toggle and a table of contents where the "/query" was', async () => {
    expect((await run('callout'))[0]).toMatchObject({ type: 'callout', attrs: { emoji: '💡', color: 'gray' }, content: [{ type: 'paragraph' }] });
    expect((await run('toggle'))[0]).toMatchObject({ type: 'details', content: [{ type: 'detailsSummary' }, { type: 'detailsContent' }] });
    expect((await run('tableOfContents')).map((node) => node.type)).toContain('tableOfContents');
  });

  it('asks the app for the formula and the page, and inserts nothing when the person cancels', async () => {
    expect((await run('blockMath', { requestLatex: async () => ' a^2+b^2=c^2 ' })).find((n) => n.type === 'blockMath')?.attrs).toEqual({ latex: 'a^2+b^2=c^2' });
    expect(JSON.stringify(await run('inlineMath', { requestLatex: async () => '\\pi' }))).toContain('"inlineMath","attrs":{"latex":"\\\\pi"}');
    expect((await run('blockMath')).some((n) => n.type === 'blockMath')).toBe(false);
    const target = { pageId: '11111111-1111-4111-8111-111111111111', workspaceId: '22222222-2222-4222-8222-222222222222', title: 'Roadmap' };
    expect((await run('pageLink', { requestPageLink: async () => target })).find((n) => n.type === 'pageLink')?.attrs).toEqual(target);
    expect((await run('pageLink')).some((n) => n.type === 'pageLink')).toBe(false);
    // "Page from template": the app makes the sub-page; the block links to it, or nothing on cancel.
    const made = { ...target, pageId: '33333333-3333-4333-8333-333333333333', title: 'Meeting notes' };
    expect((await run('templatePage', { requestTemplatePage: async () => made })).find((n) => n.type === 'pageLink')?.attrs).toEqual(made);
    expect((await run('templatePage')).some((n) => n.type === 'pageLink')).toBe(false);
    // "Database – full page": the same, with a database the app made; nothing when the app offers none.
    const database = { ...target, pageId: '44444444-4444-4444-8444-444444444444', title: 'Tasks' };
    expect((await run('databasePage', { requestDatabasePage: async () => database })).find((n) => n.type === 'pageLink')?.attrs).toEqual(database);
    expect((await run('databasePage')).some((n) => n.type === 'pageLink')).toBe(false);
  });

  it('finds the blocks by the words people type', () => {
    const commands = defaultSlashCommands();
    const first = (q: string) => filterSlashCommands(commands, q)[0]?.id;
    expect(first('callout')).toBe('callout');
    expect(first('toggle')).toBe('toggle');
    expect(first('latex')).toBe('blockMath');
    expect(first('toc')).toBe('tableOfContents');
    expect(first('link to')).toBe('pageLink');
    expect(first('template')).toBe('templatePage');
    expect(first('database')).toBe('databasePage');
    expect(first('database – in')).toBe('databaseInline');
    expect(first('linked')).toBe('databaseLinked');
  });

  it('inserts a database block for an inline database or a linked view, and nothing on cancel', async () => {
    const database = { databaseId: '44444444-4444-4444-8444-444444444444', workspaceId: '22222222-2222-4222-8222-222222222222', viewId: null, title: 'Tasks' };
    expect((await run('databaseInline', { requestInlineDatabase: async () => database })).find((n) => n.type === 'databaseBlock')?.attrs).toEqual(database);
    expect((await run('databaseInline')).some((n) => n.type === 'databaseBlock')).toBe(false);
    const linked = { ...database, viewId: 'board_1' };
    expect((await run('databaseLinked', { requestLinkedDatabase: async () => linked })).find((n) => n.type === 'databaseBlock')?.attrs).toEqual(linked);
    expect((await run('databaseLinked', { requestLinkedDatabase: async () => null })).some((n) => n.type === 'databaseBlock')).toBe(false);
    // A block never points at something that is not a page id (the app's answer is checked too).
    expect((await run('databaseLinked', { requestLinkedDatabase: async () => ({ ...database, databaseId: 'nope' }) })).some((n) => n.type === 'databaseBlock')).toBe(false);
  });
});

describe('formatShortcut', () => {
  it('uses symbols on a Mac and words elsewhere', () => {
    expect(formatShortcut('Mod-Alt-1', true)).toBe('⌘⌥1');
    expect(formatShortcut('Mod-Shift-b', false)).toBe('Ctrl+Shift+B');
  });
});
