import { Extension } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionProps } from '@tiptap/suggestion';

import { type SlashCommand, type SlashCommandRequests, defaultSlashCommands, filterSlashCommands } from './slash-commands.js';

export interface SlashMenuSnapshot {
  open: boolean;
  query: string;
  items: readonly SlashCommand[];
  /** Index into `items` of the highlighted command; -1 when nothing matches. */
  selectedIndex: number;
  /** Where the "/" is on screen, for positioning the menu. */
  clientRect: (() => DOMRect | null) | null;
}

const CLOSED: SlashMenuSnapshot = { open: false, query: '', items: [], selectedIndex: -1, clientRect: null };

/**
 * The slash menu's state for ONE editor: what was typed, which commands match, which is highlighted.
 * It knows nothing about the DOM; the app renders `getSnapshot()` and calls `choose`.
 * Subscribe-able so React can read it with useSyncExternalStore.
 */
export class SlashMenuController {
  private snapshot: SlashMenuSnapshot = CLOSED;
  private readonly listeners = new Set<() => void>();
  private pick: ((command: SlashCommand) => void) | null = null;

  constructor(private readonly commands: readonly SlashCommand[]) {}

  getSnapshot = (): SlashMenuSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The "/" was typed or the query changed. `pick` runs a chosen command in place of the query. */
  show(query: string, clientRect: SlashMenuSnapshot['clientRect'], pick: (command: SlashCommand) => void): void {
    const items = filterSlashCommands(this.commands, query);
    const previous = this.snapshot.open ? this.snapshot.items[this.snapshot.selectedIndex] : undefined;
    // Keep the highlight on the same command while typing narrows the list, else go to the top.
    const kept = previous ? items.indexOf(previous) : -1;
    this.pick = pick;
    this.set({ open: true, query, items, selectedIndex: kept >= 0 ? kept : items.length > 0 ? 0 : -1, clientRect });
  }

  hide(): void {
    this.pick = null;
    if (this.snapshot.open) this.set(CLOSED);
  }

  /** Moves the highlight, wrapping around at both ends. */
  move(delta: number): void {
    const { items, selectedIndex } = this.snapshot;
    if (!this.snapshot.open || items.length === 0) return;
    this.set({ ...this.snapshot, selectedIndex: (selectedIndex + delta + items.length) % items.length });
  }

  highlight(index: number): void {
    if (index < 0 || index >= this.snapshot.items.length) return;
    this.set({ ...this.snapshot, selectedIndex: index });
  }

  /** Runs the highlighted command (or the one at `index`). Returns false when there is none. */
  choose(index = this.snapshot.selectedIndex): boolean {
    const command = this.snapshot.items[index];
    if (!this.snapshot.open || !command || !this.pick) return false;
    this.pick(command);
    return true;
  }

  /** Keyboard while the menu is open; true when the key was handled (the editor must ignore it). */
  handleKey(key: string): boolean {
    if (!this.snapshot.open) return false;
    switch (key) {
      case 'ArrowDown':
        this.move(1);
        return true;
      case 'ArrowUp':
        this.move(-1);
        return true;
      case 'Enter':
      case 'Tab':
        return this.choose();
      case 'Escape':
        this.hide();
        return true;
      default:
        return false;
    }
  }

  private set(next: SlashMenuSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

export interface SlashMenuOptions extends SlashCommandRequests {
  commands: readonly SlashCommand[];
}

export interface SlashMenuStorage {
  controller: SlashMenuController;
}

declare module '@tiptap/core' {
  interface Storage {
    slashMenu: SlashMenuStorage;
  }
}

/**
 * "/" opens a menu of blocks to insert. State lives in this editor's storage
 * (`editor.storage.slashMenu.controller`), never in a module-level store, so two editors on one
 * screen have two menus.
 */
export const SlashMenu = Extension.create<SlashMenuOptions, SlashMenuStorage>({
  name: 'slashMenu',

  addOptions() {
    // The defaults refuse (nothing inserted) until the app says how it asks.
    return { commands: defaultSlashCommands(), requestImageUrl: async () => null, requestLatex: async () => null, requestPageLink: async () => null, requestEmbedUrl: async () => null, requestBookmark: async () => null, requestTemplatePage: async () => null };
  },

  addStorage() {
    return { controller: new SlashMenuController(this.options.commands) };
  },

  addProseMirrorPlugins() {
    const controller = this.storage.controller;
    const { requestImageUrl, requestLatex, requestPageLink, requestEmbedUrl, requestBookmark, requestTemplatePage, requestDatabasePage, requestInlineDatabase, requestLinkedDatabase } = this.options;
    const requests: SlashCommandRequests = { requestImageUrl, requestLatex, requestPageLink, requestEmbedUrl, requestBookmark, requestTemplatePage, requestDatabasePage, requestInlineDatabase, requestLinkedDatabase };
    const show = (props: SuggestionProps<SlashCommand, SlashCommand>): void =>
      controller.show(props.query, props.clientRect ?? null, (command) => props.command(command));
    return [
      Suggestion<SlashCommand, SlashCommand>({
        editor: this.editor,
        pluginKey: new PluginKey('slashMenu'),
        char: '/',
        startOfLine: false,
        allowSpaces: false,
        // Not inside code: "/" there is just a character.
        allow: ({ state, range }) => !state.doc.resolve(range.from).parent.type.spec.code,
        items: ({ query }) => filterSlashCommands(this.options.commands, query),
        command: ({ editor, range, props: command }) => void command.run({ editor, range, ...requests }),
        render: () => ({
          onStart: show,
          onUpdate: show,
          onKeyDown: ({ event }) => controller.handleKey(event.key),
          onExit: () => controller.hide(),
        }),
      }),
    ];
  },
});
