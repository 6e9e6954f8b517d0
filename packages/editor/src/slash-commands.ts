import type { Editor, Range } from '@tiptap/core';

import type { BookmarkAttributes } from './blocks/bookmark.js';
import type { DatabaseBlockAttributes } from './blocks/database-block.js';
import type { PageLinkAttributes } from './blocks/page-link.js';
import { isAllowedImageUrl } from './schema.js';

export type SlashCommandGroup = 'Text' | 'Lists' | 'Blocks' | 'Media';

/** How the app asks the person for what a block needs; each answers null when they cancel. */
export interface SlashCommandRequests {
  /** An image URL. */
  requestImageUrl: () => Promise<string | null>;
  /** A LaTeX formula, for an equation. */
  requestLatex: (kind: 'inlineMath' | 'blockMath') => Promise<string | null>;
  /** A page of the workspace to link to. */
  requestPageLink: () => Promise<PageLinkAttributes | null>;
  /** The address of a video, design, map or pen to embed (the dialog checks the allow-list). */
  requestEmbedUrl: () => Promise<string | null>;
  /** A web address, with the preview the server read from it, for a bookmark card. */
  requestBookmark: () => Promise<BookmarkAttributes | null>;
  /** A new sub-page of this page made from a template (the app creates it), to link to. */
  requestTemplatePage: () => Promise<PageLinkAttributes | null>;
  /** A new database as a sub-page of this page (the app creates it), to link to; absent: not offered. */
  requestDatabasePage?: () => Promise<PageLinkAttributes | null>;
  /** A new database as a sub-page of this page (the app creates it), shown here; absent: not offered. */
  requestInlineDatabase?: () => Promise<DatabaseBlockAttributes | null>;
  /** A database of the workspace the person can read, to show here; absent: not offered. */
  requestLinkedDatabase?: () => Promise<DatabaseBlockAttributes | null>;
}

export interface SlashCommandContext extends SlashCommandRequests {
  editor: Editor;
  /** The "/query" text to replace with the block. */
  range: Range;
}

export interface SlashCommand {
  id: string;
  title: string;
  description: string;
  group: SlashCommandGroup;
  /** Other words people type for this block ("h1", "todo", "hr"). */
  keywords: readonly string[];
  /** Shortcut shown next to the item, in Tiptap's key notation ("Mod-Alt-1"). */
  shortcut?: string;
  run(context: SlashCommandContext): void | Promise<void>;
}

/** The blocks the slash menu can insert, in menu order. A fresh list per call: callers may filter it. */
export function defaultSlashCommands(): SlashCommand[] {
  return [
    {
      id: 'paragraph',
      title: 'Text',
      description: 'Plain paragraph text',
      group: 'Text',
      keywords: ['paragraph', 'p', 'plain'],
      shortcut: 'Mod-Alt-0',
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).setParagraph().run(),
    },
    ...([1, 2, 3] as const).map(
      (level): SlashCommand => ({
        id: `heading${level}`,
        title: `Heading ${level}`,
        description: ['Big section heading', 'Medium section heading', 'Small section heading'][level - 1] ?? '',
        group: 'Text',
        keywords: [`h${level}`, 'heading', 'title', 'header'],
        shortcut: `Mod-Alt-${level}`,
        run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).setNode('heading', { level }).run(),
      }),
    ),
    {
      id: 'bulletList',
      title: 'Bulleted list',
      description: 'A simple list with bullets',
      group: 'Lists',
      keywords: ['ul', 'unordered', 'bullet', 'list', '-'],
      shortcut: 'Mod-Shift-8',
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).toggleBulletList().run(),
    },
    {
      id: 'orderedList',
      title: 'Numbered list',
      description: 'A list with numbers',
      group: 'Lists',
      keywords: ['ol', 'ordered', 'numbered', 'list', '1.'],
      shortcut: 'Mod-Shift-7',
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).toggleOrderedList().run(),
    },
    {
      id: 'taskList',
      title: 'To-do list',
      description: 'Track tasks with checkboxes',
      group: 'Lists',
      keywords: ['todo', 'task', 'checkbox', 'check', '[]'],
      shortcut: 'Mod-Shift-9',
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).toggleTaskList().run(),
    },
    {
      id: 'blockquote',
      title: 'Quote',
      description: 'Capture a quotation',
      group: 'Blocks',
      keywords: ['blockquote', 'quote', 'citation', '>'],
      shortcut: 'Mod-Shift-b',
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).toggleBlockquote().run(),
    },
    {
      id: 'codeBlock',
      title: 'Code',
      description: 'A block of code',
      group: 'Blocks',
      keywords: ['code', 'codeblock', 'snippet', 'pre', '```'],
      shortcut: 'Mod-Alt-c',
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).toggleCodeBlock().run(),
    },
    {
      id: 'callout',
      title: 'Callout',
      description: 'Make writing stand out',
      group: 'Blocks',
      keywords: ['callout', 'note', 'info', 'tip', 'warning', 'aside', 'box', 'emoji'],
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).setCallout().run(),
    },
    {
      id: 'toggle',
      title: 'Toggle list',
      description: 'Hide and show content inside',
      group: 'Blocks',
      keywords: ['toggle', 'collapse', 'collapsible', 'details', 'expand', 'fold', '>'],
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).setDetails().run(),
    },
    {
      id: 'blockMath',
      title: 'Block equation',
      description: 'A centred formula (LaTeX)',
      group: 'Blocks',
      keywords: ['math', 'equation', 'latex', 'katex', 'formula', 'tex', '$$'],
      run: async ({ editor, range, requestLatex }) => {
        editor.chain().focus().deleteRange(range).run();
        const latex = (await requestLatex('blockMath'))?.trim();
        if (latex) editor.chain().focus().insertBlockMath({ latex }).run();
      },
    },
    {
      id: 'inlineMath',
      title: 'Inline equation',
      description: 'A formula within the text (LaTeX)',
      group: 'Text',
      keywords: ['math', 'equation', 'latex', 'katex', 'formula', 'tex', 'inline', '$'],
      run: async ({ editor, range, requestLatex }) => {
        editor.chain().focus().deleteRange(range).run();
        const latex = (await requestLatex('inlineMath'))?.trim();
        if (latex) editor.chain().focus().insertInlineMath({ latex }).run();
      },
    },
    {
      id: 'tableOfContents',
      title: 'Table of contents',
      description: 'The page’s headings, always up to date',
      group: 'Blocks',
      keywords: ['toc', 'contents', 'outline', 'headings', 'index', 'summary'],
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).insertTableOfContents().run(),
    },
    {
      id: 'pageLink',
      title: 'Link to page',
      description: 'A block that opens another page',
      group: 'Blocks',
      keywords: ['page', 'link', 'mention', 'reference', 'subpage', '@'],
      run: async ({ editor, range, requestPageLink }) => {
        editor.chain().focus().deleteRange(range).run();
        const target = await requestPageLink();
        if (target) editor.chain().focus().insertPageLink(target).run();
      },
    },
    {
      id: 'templatePage',
      title: 'Page from template',
      description: 'A new sub-page from a template, linked here',
      group: 'Blocks',
      keywords: ['template', 'page', 'subpage', 'new', 'meeting', 'brief', 'plan'],
      run: async ({ editor, range, requestTemplatePage }) => {
        editor.chain().focus().deleteRange(range).run();
        const page = await requestTemplatePage();
        if (page) editor.chain().focus().insertPageLink(page).run();
      },
    },
    {
      id: 'databasePage',
      title: 'Database – full page',
      description: 'A new sub-page that is a database, linked here',
      group: 'Blocks',
      keywords: ['database', 'table', 'board', 'tracker', 'db'],
      run: async ({ editor, range, requestDatabasePage }) => {
        editor.chain().focus().deleteRange(range).run();
        const page = await requestDatabasePage?.();
        if (page) editor.chain().focus().insertPageLink(page).run();
      },
    },
    {
      id: 'databaseInline',
      title: 'Database – inline',
      description: 'A new database, shown in this page',
      group: 'Blocks',
      keywords: ['database', 'table', 'board', 'tracker', 'db', 'inline'],
      run: async ({ editor, range, requestInlineDatabase }) => {
        editor.chain().focus().deleteRange(range).run();
        const database = await requestInlineDatabase?.();
        if (database) editor.chain().focus().insertDatabaseBlock(database).run();
      },
    },
    {
      id: 'databaseLinked',
      title: 'Linked view of database',
      description: 'Show an existing database in this page',
      group: 'Blocks',
      keywords: ['database', 'linked', 'view', 'table', 'board', 'db', 'reference'],
      run: async ({ editor, range, requestLinkedDatabase }) => {
        editor.chain().focus().deleteRange(range).run();
        const database = await requestLinkedDatabase?.();
        if (database) editor.chain().focus().insertDatabaseBlock(database).run();
      },
    },
    ...([2, 3, 4] as const).map(
      (count): SlashCommand => ({
        id: `columns${count}`,
        title: `${count} columns`,
        description: `${count} blocks side by side`,
        group: 'Blocks',
        keywords: ['columns', 'column', 'layout', 'side', 'grid', 'split', String(count)],
        run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).insertColumns(count).run(),
      }),
    ),
    {
      id: 'horizontalRule',
      title: 'Divider',
      description: 'A line between sections',
      group: 'Blocks',
      keywords: ['hr', 'divider', 'separator', 'line', 'rule', '---'],
      run: ({ editor, range }) => void editor.chain().focus().deleteRange(range).setHorizontalRule().run(),
    },
    {
      id: 'table',
      title: 'Table',
      description: 'A 3×3 table with a header row',
      group: 'Blocks',
      keywords: ['table', 'grid', 'rows', 'columns'],
      run: ({ editor, range }) =>
        void editor.chain().focus().deleteRange(range).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    },
    {
      id: 'image',
      title: 'Image',
      description: 'Upload an image from this device',
      group: 'Media',
      keywords: ['image', 'picture', 'photo', 'img', 'upload', 'screenshot'],
      run: ({ editor, range }) => uploadPicked(editor, range, 'image/*'),
    },
    {
      id: 'file',
      title: 'File',
      description: 'Attach a file from this device',
      group: 'Media',
      keywords: ['file', 'attachment', 'attach', 'upload', 'pdf', 'document'],
      run: ({ editor, range }) => uploadPicked(editor, range, ''),
    },
    {
      id: 'embed',
      title: 'Embed',
      description: 'YouTube, Vimeo, Figma, Loom, Google Maps or CodePen',
      group: 'Media',
      keywords: ['embed', 'video', 'youtube', 'vimeo', 'figma', 'loom', 'maps', 'map', 'codepen', 'iframe'],
      run: async ({ editor, range, requestEmbedUrl }) => {
        editor.chain().focus().deleteRange(range).run();
        const url = await requestEmbedUrl();
        if (url) editor.chain().focus().insertEmbed(url).run();
      },
    },
    {
      id: 'bookmark',
      title: 'Web bookmark',
      description: 'A card with a link’s title and description',
      group: 'Media',
      keywords: ['bookmark', 'link', 'url', 'card', 'preview', 'website', 'web'],
      run: async ({ editor, range, requestBookmark }) => {
        editor.chain().focus().deleteRange(range).run();
        const bookmark = await requestBookmark();
        if (bookmark) editor.chain().focus().insertBookmark(bookmark).run();
      },
    },
    {
      id: 'image-url',
      title: 'Image from URL',
      description: 'Embed an image from a web address',
      group: 'Media',
      keywords: ['image', 'picture', 'embed', 'link', 'url'],
      run: async ({ editor, range, requestImageUrl }) => {
        editor.chain().focus().deleteRange(range).run();
        const url = await requestImageUrl();
        if (url && isAllowedImageUrl(url)) editor.chain().focus().setImage({ src: url.trim() }).run();
      },
    },
  ];
}

/**
 * Commands matching what was typed after "/", best first: title prefix, then a word of the title,
 * then a keyword prefix, then letters in order (so "bl" finds "Bulleted list"). Menu order breaks ties.
 */
export function filterSlashCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...commands];
  const scored: { command: SlashCommand; score: number; index: number }[] = [];
  commands.forEach((command, index) => {
    const score = matchScore(command, q);
    if (score > 0) scored.push({ command, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((entry) => entry.command);
}

function matchScore(command: SlashCommand, q: string): number {
  const title = command.title.toLowerCase();
  if (title.startsWith(q)) return 4;
  if (title.split(/\s+/).some((word) => word.startsWith(q))) return 3;
  if (command.keywords.some((keyword) => keyword.toLowerCase().startsWith(q))) return 2;
  if (isSubsequence(q.replace(/\s+/g, ''), title.replace(/\s+/g, ''))) return 1;
  return 0;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (const char of haystack) {
    if (char === needle[i]) i += 1;
    if (i === needle.length) return true;
  }
  return needle.length === 0;
}

// Opens the device's file picker (inside the key press or click that chose the command, as
// browsers require) and uploads what was picked where the "/" was.
function uploadPicked(editor: Editor, range: Range, accept: string): void {
  editor.chain().focus().deleteRange(range).run();
  if (typeof document === 'undefined') return;
  // The picker's input sits in the document while it is open (Safari opens no chooser for a detached
  // one, and a test can hand it files directly); the previous one goes when the next opens.
  for (const stale of document.querySelectorAll('input[data-tandem-upload]')) stale.remove();
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.hidden = true;
  input.dataset.tandemUpload = '';
  if (accept) input.accept = accept;
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.remove();
    if (files.length) editor.chain().focus().uploadFiles(files).run();
  });
  document.body.append(input);
  input.click();
}
