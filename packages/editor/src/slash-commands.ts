import type { Editor, Range } from '@tiptap/core';

import { isAllowedImageUrl } from './schema.js';

export type SlashCommandGroup = 'Text' | 'Lists' | 'Blocks' | 'Media';

export interface SlashCommandContext {
  editor: Editor;
  /** The "/query" text to replace with the block. */
  range: Range;
  /** Asks the person for an image URL (the app decides how); null when they cancel. */
  requestImageUrl: () => Promise<string | null>;
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
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  if (accept) input.accept = accept;
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    if (files.length) editor.chain().focus().uploadFiles(files).run();
  });
  input.click();
}
