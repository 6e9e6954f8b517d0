import { Extension, mergeAttributes, Node, type Editor, type Range } from '@tiptap/core';
import type { JSONContent } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionProps } from '@tiptap/suggestion';
import { pageHref } from './blocks/page-link.js';
import { filterMentionPeople, MentionPickerController, type MentionPerson } from './comment-mentions.js';

/** `@someone` in a page's text: the person's id and their name when mentioned. */
export interface PersonMentionAttributes {
  id: string;
  label: string;
}

/** A link to a page inside a line (`[[`): the app shows the page's current title. */
export interface PageMentionAttributes {
  pageId: string;
  workspaceId: string;
  /** The title when the mention was made; shown where the current one is not known. */
  title: string;
}

const escapeMarkdown = (text: string) => text.replace(/([[\]\\*_`])/g, '\\$1');

/**
 * A person mentioned in the page's text: an inline atom `{ type: 'personMention', attrs: { id,
 * label } }`. Text, search and Markdown see "@label". (Comments' bodies keep their own `mention`.)
 */
export const PersonMention = Node.create({
  name: 'personMention',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: false,

  addAttributes() {
    return {
      id: { default: '', parseHTML: (el) => el.getAttribute('data-person-id') ?? '', renderHTML: (a) => ({ 'data-person-id': a.id as string }) },
      label: { default: '', parseHTML: (el) => (el.textContent ?? '').replace(/^@/, ''), renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-person-id]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return ['span', mergeAttributes({ class: 'mention', 'data-type': 'person-mention' }, HTMLAttributes), `@${(node.attrs.label as string) || 'someone'}`];
  },

  renderText({ node }) {
    return `@${(node.attrs.label as string) || 'someone'}`;
  },

  renderMarkdown: (node: JSONContent) => escapeMarkdown(`@${String(node.attrs?.label ?? '') || 'someone'}`),
});

/**
 * A page linked inside a line (Notion's "@page" / "[[page"): an inline atom `{ type: 'pageMention',
 * attrs: { pageId, workspaceId, title } }`, shown with the page's current title by the app. Backlinks
 * count it like a link; Markdown exports it as a link to the page's address.
 */
export const PageMention = Node.create({
  name: 'pageMention',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: false,

  addAttributes() {
    return {
      pageId: { default: '', parseHTML: (el) => el.getAttribute('data-page-id') ?? '', renderHTML: (a) => ({ 'data-page-id': a.pageId as string }) },
      workspaceId: { default: '', parseHTML: (el) => el.getAttribute('data-workspace-id') ?? '', renderHTML: (a) => ({ 'data-workspace-id': a.workspaceId as string }) },
      title: { default: '', parseHTML: (el) => el.textContent ?? '', renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    return [{ tag: 'a[data-type="page-mention"]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { pageId, workspaceId, title } = node.attrs as PageMentionAttributes;
    return ['a', mergeAttributes({ 'data-type': 'page-mention', class: 'page-mention', href: pageHref(workspaceId, pageId) }, HTMLAttributes), title || 'Untitled'];
  },

  renderText({ node }) {
    return (node.attrs.title as string) || 'Untitled';
  },

  renderMarkdown: (node: JSONContent) => {
    const attrs = (node.attrs ?? {}) as Partial<PageMentionAttributes>;
    return `[${escapeMarkdown(attrs.title || 'Untitled')}](${pageHref(attrs.workspaceId ?? '', attrs.pageId ?? '')})`;
  },
});

/** What the page's "@" and "[[" pickers offer. */
export type MentionItem = (MentionPerson & { kind: 'person' }) | (MentionPerson & { kind: 'page'; workspaceId: string; icon: string | null });

export interface MentionSuggestionsOptions {
  /** People who can be mentioned now: the workspace's members (read on every keystroke). */
  people: () => readonly MentionPerson[];
  /** Pages that can be linked: the reader's pages of this workspace. */
  pages: () => readonly Extract<MentionItem, { kind: 'page' }>[];
  /** Called once a person is mentioned (the app tells the server, which notifies them). */
  onPersonMentioned?: (person: MentionPerson) => void;
}

export interface MentionSuggestionsStorage {
  picker: MentionPickerController<MentionItem>;
}

declare module '@tiptap/core' {
  interface Storage {
    mentionSuggestions: MentionSuggestionsStorage;
  }
}

/** Pages whose title has a word starting with `query` (or starts with it), at most `limit`. */
export function filterMentionPages<T extends MentionPerson>(pages: readonly T[], query: string, limit = 8): T[] {
  const q = query.trim().toLowerCase();
  return pages.filter((p) => !q || (p.name || 'Untitled').toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || (p.name || 'Untitled').toLowerCase().startsWith(q)).slice(0, limit);
}

/** Insert the chosen person or page in place of what was typed to find it. */
export function insertMention(editor: Editor, range: Range, item: MentionItem): void {
  const node =
    item.kind === 'person'
      ? { type: 'personMention', attrs: { id: item.id, label: item.name } }
      : { type: 'pageMention', attrs: { pageId: item.id, workspaceId: item.workspaceId, title: item.name } };
  editor.chain().focus().insertContentAt(range, [node, { type: 'text', text: ' ' }]).run();
}

/**
 * The page's pickers (editor-only, like the slash menu; the nodes above are the schema): "@" lists
 * people, then pages; "[[" lists pages. State per editor in `editor.storage.mentionSuggestions.picker`.
 */
export const MentionSuggestions = Extension.create<MentionSuggestionsOptions, MentionSuggestionsStorage>({
  name: 'mentionSuggestions',

  addOptions() {
    return { people: () => [], pages: () => [] };
  },

  addStorage() {
    return { picker: new MentionPickerController<MentionItem>() };
  },

  addProseMirrorPlugins() {
    const picker = this.storage.picker;
    const options = this.options;
    const show = (props: SuggestionProps<MentionItem, MentionItem>): void => picker.show(props.query, props.items, props.clientRect ?? null, (item) => props.command(item));
    const render = () => ({
      onStart: show,
      onUpdate: show,
      onKeyDown: ({ event }: { event: KeyboardEvent }) => picker.handleKey(event.key),
      onExit: () => picker.hide(),
    });
    const command = ({ editor, range, props: item }: { editor: Editor; range: Range; props: MentionItem }) => {
      insertMention(editor, range, item);
      if (item.kind === 'person') options.onPersonMentioned?.({ id: item.id, name: item.name });
    };
    const pages = (query: string, limit: number) => filterMentionPages(options.pages(), query, limit);
    return [
      Suggestion<MentionItem, MentionItem>({
        editor: this.editor,
        pluginKey: new PluginKey('personMention'),
        char: '@',
        allowSpaces: false,
        items: ({ query }) => [...filterMentionPeople(options.people(), query, 6).map((p) => ({ ...p, kind: 'person' as const })), ...pages(query, 4)],
        command,
        render,
      }),
      Suggestion<MentionItem, MentionItem>({
        editor: this.editor,
        pluginKey: new PluginKey('pageMention'),
        char: '[[',
        allowSpaces: true,
        items: ({ query }) => pages(query, 8),
        command,
        render,
      }),
    ];
  },
});
