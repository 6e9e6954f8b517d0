import { mergeAttributes, Node } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionProps } from '@tiptap/suggestion';

/** Someone who can be mentioned: a member of the page's workspace. */
export interface MentionPerson {
  id: string;
  name: string;
}

export interface MentionPickerSnapshot<T extends MentionPerson = MentionPerson> {
  open: boolean;
  query: string;
  items: readonly T[];
  selectedIndex: number;
  /** Where the "@" is on screen, for positioning the picker. */
  clientRect: (() => DOMRect | null) | null;
}

const CLOSED: MentionPickerSnapshot<never> = { open: false, query: '', items: [], selectedIndex: -1, clientRect: null };

/** People whose name starts a word matching `query` (case-insensitive), at most `limit`. */
export function filterMentionPeople(people: readonly MentionPerson[], query: string, limit = 8): MentionPerson[] {
  const q = query.trim().toLowerCase();
  return people.filter((p) => !q || p.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(q)) || p.name.toLowerCase().startsWith(q)).slice(0, limit);
}

/**
 * The "@" picker's state for ONE composer or editor (the slash menu's pattern): the app renders
 * `getSnapshot()` and calls `choose`; no DOM here. Items are people (comments) or people and
 * pages (the page's text).
 */
export class MentionPickerController<T extends MentionPerson = MentionPerson> {
  private snapshot: MentionPickerSnapshot<T> = CLOSED;
  private readonly listeners = new Set<() => void>();
  private pick: ((item: T) => void) | null = null;

  getSnapshot = (): MentionPickerSnapshot<T> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  show(query: string, items: readonly T[], clientRect: MentionPickerSnapshot['clientRect'], pick: (item: T) => void): void {
    this.pick = pick;
    const keep = this.snapshot.open ? Math.min(this.snapshot.selectedIndex, items.length - 1) : 0;
    this.set({ open: true, query, items, selectedIndex: items.length ? Math.max(keep, 0) : -1, clientRect });
  }

  hide(): void {
    this.pick = null;
    if (this.snapshot.open) this.set(CLOSED);
  }

  choose(index = this.snapshot.selectedIndex): boolean {
    const person = this.snapshot.items[index];
    if (!this.snapshot.open || !person || !this.pick) return false;
    this.pick(person);
    return true;
  }

  handleKey(key: string): boolean {
    const { open, items, selectedIndex } = this.snapshot;
    if (!open) return false;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      if (items.length) this.set({ ...this.snapshot, selectedIndex: (selectedIndex + (key === 'ArrowDown' ? 1 : -1) + items.length) % items.length });
      return true;
    }
    if (key === 'Enter' || key === 'Tab') return this.choose();
    if (key === 'Escape') {
      this.hide();
      return true;
    }
    return false;
  }

  private set(next: MentionPickerSnapshot<T>): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

export interface CommentMentionOptions {
  /** Who can be mentioned right now (read on every keystroke after "@"). */
  people: () => readonly MentionPerson[];
}

export interface CommentMentionStorage {
  picker: MentionPickerController;
}

declare module '@tiptap/core' {
  interface Storage {
    mention: CommentMentionStorage;
  }
}

/**
 * @someone in a comment: an inline atom `{ type: 'mention', attrs: { id, label } }` (the protocol's
 * CommentBody), inserted from a picker that "@" opens (state in `editor.storage.mention.picker`).
 */
export const CommentMention = Node.create<CommentMentionOptions, CommentMentionStorage>({
  name: 'mention',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: false,

  addOptions() {
    return { people: () => [] };
  },

  addStorage() {
    return { picker: new MentionPickerController() };
  },

  addAttributes() {
    return {
      id: { default: null, parseHTML: (el) => el.getAttribute('data-mention-id'), renderHTML: (attrs) => ({ 'data-mention-id': attrs.id as string }) },
      label: { default: null, parseHTML: (el) => el.getAttribute('data-label'), renderHTML: (attrs) => ({ 'data-label': attrs.label as string }) },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-mention-id]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return ['span', mergeAttributes({ class: 'mention' }, HTMLAttributes), `@${(node.attrs.label as string | null) ?? ''}`];
  },

  renderText({ node }) {
    return `@${(node.attrs.label as string | null) ?? ''}`;
  },

  addProseMirrorPlugins() {
    const picker = this.storage.picker;
    const people = this.options.people;
    const show = (props: SuggestionProps<MentionPerson, MentionPerson>): void => picker.show(props.query, props.items, props.clientRect ?? null, (person) => props.command(person));
    return [
      Suggestion<MentionPerson, MentionPerson>({
        editor: this.editor,
        pluginKey: new PluginKey('commentMention'),
        char: '@',
        allowSpaces: false,
        items: ({ query }) => filterMentionPeople(people(), query),
        command: ({ editor, range, props: person }) => {
          editor
            .chain()
            .focus()
            .insertContentAt(range, [
              { type: 'mention', attrs: { id: person.id, label: person.name } },
              { type: 'text', text: ' ' },
            ])
            .run();
        },
        render: () => ({
          onStart: show,
          onUpdate: show,
          onKeyDown: ({ event }) => picker.handleKey(event.key),
          onExit: () => picker.hide(),
        }),
      }),
    ];
  },
});
