import { type AnyExtension, Extension } from '@tiptap/core';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { CommentMention, type MentionPerson } from './comment-mentions.js';
import { DOCUMENT_FIELD, documentSchema, isAllowedLinkUrl } from './schema.js';

/**
 * A comment thread's anchor: two Yjs relative positions (base64 of Y.encodeRelativePosition) around
 * the commented text. They name Yjs items, not offsets, so they follow the text through everyone's
 * concurrent edits without anything being written into the shared document.
 */
export interface CommentAnchorPositions {
  start: string;
  end: string;
}

/** A thread to highlight: its id and anchor. */
export interface HighlightedThread extends CommentAnchorPositions {
  id: string;
}

/** Where a thread's text is in the editor's document; null once the text is deleted. */
export type ThreadRange = { from: number; to: number } | null;

type Mapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Mapping } | null;
}

function syncState(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding ? sync : null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decode(text: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(base64ToBytes(text));
  } catch {
    return null;
  }
}

/**
 * The anchor of the range [from, to) of a collaborative editor's document. The start sticks to the
 * first commented character (text typed just before the range stays out of it), the end to the
 * last one (text typed just after stays out too). Null when the editor is not bound to Yjs yet.
 */
export function encodeCommentAnchor(state: EditorState, from: number, to: number): CommentAnchorPositions | null {
  const sync = syncState(state);
  if (!sync) return null;
  return encode(sync.doc, sync.type, sync.binding!.mapping, from, to);
}

/** encodeCommentAnchor for a page's Y.Doc without an editor (servers, tests): the same positions. */
export function encodeCommentAnchorInDocument(doc: Y.Doc, from: number, to: number): CommentAnchorPositions | null {
  const type = doc.getXmlFragment(DOCUMENT_FIELD);
  const { mapping } = initProseMirrorDoc(type, documentSchema) as { mapping: Mapping };
  return encode(doc, type, mapping, from, to);
}

function encode(doc: Y.Doc, type: Y.XmlFragment, mapping: Mapping, from: number, to: number): CommentAnchorPositions | null {
  if (from >= to) return null;
  const start = absolutePositionToRelativePosition(from, type, mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, type, mapping) as Y.RelativePosition;
  // y-prosemirror ties a text position to the character before it (assoc -1); the start is tied to
  // the character after it instead, the first one commented.
  const absoluteStart = Y.createAbsolutePositionFromRelativePosition(start, doc);
  const startAfter =
    absoluteStart && absoluteStart.type instanceof Y.XmlText && absoluteStart.index < absoluteStart.type.length
      ? Y.createRelativePositionFromTypeIndex(absoluteStart.type, absoluteStart.index, 0)
      : start;
  return { start: bytesToBase64(Y.encodeRelativePosition(startAfter)), end: bytesToBase64(Y.encodeRelativePosition(end)) };
}

function resolve(doc: Y.Doc, type: Y.XmlFragment, mapping: Mapping, anchor: CommentAnchorPositions, node: ProseMirrorNode): ThreadRange {
  const size = node.content.size;
  const start = decode(anchor.start);
  const end = decode(anchor.end);
  if (!start || !end) return null;
  try {
    const from = relativePositionToAbsolutePosition(doc, type, start, mapping);
    const to = relativePositionToAbsolutePosition(doc, type, end, mapping);
    if (from === null || to === null) return null;
    const range = { from: Math.max(0, Math.min(from, size)), to: Math.max(0, Math.min(to, size)) };
    // Only block boundaries left between the ends (a range over two paragraphs whose text went): deleted.
    return range.from < range.to && node.textBetween(range.from, range.to, '', ' ').length > 0 ? range : null;
  } catch {
    // An anchor from another document (or a malformed one) must not break the editor.
    return null;
  }
}

/** Where an anchor's text is now in a collaborative editor; null when deleted (or not bound yet). */
export function resolveCommentAnchor(state: EditorState, anchor: CommentAnchorPositions): ThreadRange {
  const sync = syncState(state);
  if (!sync) return null;
  return resolve(sync.doc, sync.type, sync.binding!.mapping, anchor, state.doc);
}

/**
 * An anchor resolved in a page's Y.Doc without an editor (servers, tests): the same ProseMirror
 * positions an editor bound to this document computes, and the text between them (blocks joined by
 * a newline). Null when the text is deleted or the anchor is not of this document.
 */
export function resolveCommentAnchorInDocument(doc: Y.Doc, anchor: CommentAnchorPositions): { from: number; to: number; text: string } | null {
  const type = doc.getXmlFragment(DOCUMENT_FIELD);
  const { doc: node, mapping } = initProseMirrorDoc(type, documentSchema) as { doc: ProseMirrorNode; mapping: Mapping };
  const range = resolve(doc, type, mapping, anchor, node);
  return range && { ...range, text: node.textBetween(range.from, range.to, '\n') };
}

/** Whether both positions of an anchor point into this document's body (the server's check). */
export function commentAnchorInDocument(doc: Y.Doc, anchor: CommentAnchorPositions): boolean {
  const type = doc.getXmlFragment(DOCUMENT_FIELD);
  return [anchor.start, anchor.end].every((text) => {
    const position = decode(text);
    if (!position) return false;
    try {
      const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
      return absolute !== null && (absolute.type === type || Y.isParentOf(type, absolute.type._item));
    } catch {
      return false;
    }
  });
}

/** The commented text of a selection, as the thread's quote (cut to `max` characters). */
export function commentQuote(doc: ProseMirrorNode, from: number, to: number, max: number): string {
  const text = doc.textBetween(from, to, '\n', ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface HighlightState {
  threads: HighlightedThread[];
  activeId: string | null;
  ranges: Map<string, ThreadRange>;
  decorations: DecorationSet;
}

type HighlightMeta = { threads?: HighlightedThread[]; activeId?: string | null };

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights');

function decorate(doc: ProseMirrorNode, ranges: Map<string, ThreadRange>, activeId: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const [id, range] of ranges) {
    if (!range) continue;
    const active = id === activeId;
    decorations.push(
      Decoration.inline(range.from, range.to, { class: active ? 'comment-highlight comment-highlight--active' : 'comment-highlight', 'data-thread-id': id }, { threadId: id }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

function resolveAll(state: EditorState, threads: readonly HighlightedThread[]): Map<string, ThreadRange> {
  return new Map(threads.map((t) => [t.id, resolveCommentAnchor(state, t)]));
}

function isRemoteChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

export interface CommentHighlightsOptions {
  /** Someone clicked into commented text: the threads there, innermost (shortest) first. */
  onThreadClick: ((threadIds: string[]) => void) | null;
}

/**
 * Highlights the text of comment threads for everyone (decorations only: nothing is written into
 * the shared document). Ranges are resolved from the anchors' Yjs relative positions whenever the
 * Yjs document changed under the editor (others' edits, the first render) or the threads changed;
 * between those, local edits map them like any position.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',

  addOptions() {
    return { onThreadClick: null };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: (_, state) => ({ threads: [], activeId: null, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
          apply: (tr, value, _old, state) => {
            const meta = tr.getMeta(commentHighlightsKey) as HighlightMeta | undefined;
            const threads = meta?.threads ?? value.threads;
            const activeId = meta && 'activeId' in meta ? (meta.activeId ?? null) : value.activeId;
            let ranges = value.ranges;
            if (meta?.threads || isRemoteChange(tr)) ranges = resolveAll(state, threads);
            else if (tr.docChanged) {
              ranges = new Map(
                [...value.ranges].map(([id, range]) => {
                  if (!range) return [id, null];
                  const from = tr.mapping.map(range.from, 1);
                  const to = tr.mapping.map(range.to, -1);
                  return [id, from < to && state.doc.textBetween(from, to, '', ' ').length > 0 ? { from, to } : null];
                }),
              );
            } else if (!meta) return value;
            return { threads, activeId, ranges, decorations: decorate(state.doc, ranges, activeId) };
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations ?? null,
          handleClick: (view, pos) => {
            if (!options.onThreadClick) return false;
            const ranges = commentHighlightsKey.getState(view.state)?.ranges;
            if (!ranges) return false;
            const hits = [...ranges]
              .filter((entry): entry is [string, { from: number; to: number }] => entry[1] !== null && entry[1].from <= pos && pos <= entry[1].to)
              .sort((a, b) => a[1].to - a[1].from - (b[1].to - b[1].from))
              .map(([id]) => id);
            if (hits.length > 0) options.onThreadClick(hits);
            return false;
          },
        },
      }),
    ];
  },
});

/** Shows these threads' highlights (replacing the previous ones) and marks one as active. */
export function setCommentHighlights(view: { state: EditorState; dispatch: (tr: Transaction) => void }, update: HighlightMeta): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, update).setMeta('addToHistory', false));
}

/** The threads' current ranges in the editor (null: their text was deleted). */
export function commentRanges(state: EditorState): Map<string, ThreadRange> {
  return commentHighlightsKey.getState(state)?.ranges ?? new Map();
}

/**
 * The extension set of a comment's composer: paragraphs of text with bold, italic, underline,
 * strike, code and links, line breaks and @mentions — exactly what the protocol's CommentBody accepts (no
 * blocks, no images). Local undo: a comment is not a shared document.
 */
export function commentComposerExtensions(options: { placeholder?: string; onSubmit?: () => boolean; people?: () => readonly MentionPerson[] } = {}): AnyExtension[] {
  const extensions: AnyExtension[] = [
    StarterKit.configure({
      heading: false,
      blockquote: false,
      bulletList: false,
      orderedList: false,
      listItem: false,
      listKeymap: false,
      codeBlock: false,
      horizontalRule: false,
      dropcursor: false,
      gapcursor: false,
      trailingNode: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        isAllowedUri: (url) => isAllowedLinkUrl(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
      },
    }),
  ];
  // "@" mentions whoever `people` lists (the workspace's members).
  if (options.people) extensions.push(CommentMention.configure({ people: options.people }));
  if (options.placeholder !== undefined) extensions.push(Placeholder.configure({ placeholder: options.placeholder }));
  const submit = options.onSubmit;
  if (submit) {
    extensions.push(
      Extension.create({
        name: 'commentSubmit',
        // Before HardBreak, which also binds Mod-Enter.
        priority: 1000,
        addKeyboardShortcuts: () => ({ 'Mod-Enter': () => submit() }),
      }),
    );
  }
  return extensions;
}
