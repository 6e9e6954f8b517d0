import { Extension, type JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

import type { BlockChange, InlineChange } from './history.js';

export type DiffBlockKind = 'equal' | 'added' | 'removed' | 'changed';

export interface DiffBlock {
  kind: DiffBlockKind;
  // For a changed text block: its runs, in document order (their texts make up the block's text).
  inline: InlineChange[] | null;
  // Who wrote an added or removed block (see InlineChange.authorId for runs).
  authorId?: string;
}

/** A diff shown as one document: every block of both sides in order, and what each block is. */
export interface ComparedDocument {
  doc: JSONContent;
  blocks: DiffBlock[];
}

/**
 * One document that shows a diff (`diffDocuments`) in the editor's own schema: equal, added and
 * removed blocks as they are; a changed text block as its old and new words side by side (marks of
 * a changed block are not shown); any other changed block as the old one removed and the new one
 * added. Render it read-only with the `VersionDiff` extension configured with `blocks`.
 */
export function comparedDocument(changes: readonly BlockChange[]): ComparedDocument {
  const content: JSONContent[] = [];
  const blocks: DiffBlock[] = [];
  const push = (node: JSONContent, kind: DiffBlockKind, inline: InlineChange[] | null = null, authorId?: string) => {
    content.push(node);
    blocks.push(authorId ? { kind, inline, authorId } : { kind, inline });
  };
  for (const change of changes) {
    if (change.op === 'changed') {
      if (change.inline) {
        const inline = change.inline.filter((run) => run.text.length > 0);
        push({ type: change.after.type, ...(change.after.attrs ? { attrs: change.after.attrs } : {}), content: inline.map((run) => ({ type: 'text', text: run.text })) }, 'changed', inline);
      } else {
        push(change.before, 'removed');
        push(change.after, 'added');
      }
    } else push(change.block, change.op, null, change.op === 'equal' ? undefined : change.authorId);
  }
  if (content.length === 0) push({ type: 'paragraph' }, 'equal');
  return { doc: { type: 'doc', content }, blocks };
}

const key = new PluginKey<DecorationSet>('versionDiff');

/**
 * Highlights a `comparedDocument`: blocks get `diff-block diff-added|diff-removed|diff-changed`,
 * changed words `diff-added` / `diff-removed` (as <ins> / <del>), each with `data-diff`. The look
 * (colours) is the app's.
 */
export const VersionDiff = Extension.create<{ blocks: DiffBlock[]; colorOf: ((authorId: string) => string) | null }>({
  name: 'versionDiff',
  addOptions() {
    return { blocks: [], colorOf: null };
  },
  addProseMirrorPlugins() {
    const { blocks, colorOf } = this.options;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorations(state.doc, blocks, colorOf),
          apply: (tr, previous) => (tr.docChanged ? decorations(tr.doc, blocks, colorOf) : previous),
        },
        props: {
          decorations(state) {
            return key.getState(state);
          },
        },
      }),
    ];
  },
});

// With `colorOf`, a change someone is known to have written carries `data-author` and their colour
// as `--diff-author` (the app's CSS uses it in place of the added/removed colour).
function decorations(doc: ProseMirrorNode, blocks: readonly DiffBlock[], colorOf: ((authorId: string) => string) | null): DecorationSet {
  const found: Decoration[] = [];
  const byAuthor = (authorId: string | undefined) => (authorId && colorOf ? { 'data-author': authorId, style: `--diff-author: ${colorOf(authorId)}` } : {});
  doc.forEach((node, offset, index) => {
    const block = blocks[index];
    if (!block || block.kind === 'equal') return;
    found.push(Decoration.node(offset, offset + node.nodeSize, { class: `diff-block diff-${block.kind}`, 'data-diff': block.kind, ...byAuthor(block.authorId) }));
    if (block.kind !== 'changed' || !block.inline) return;
    let pos = offset + 1;
    for (const run of block.inline) {
      if (run.op !== 'equal') {
        found.push(Decoration.inline(pos, pos + run.text.length, { class: `diff-${run.op}`, 'data-diff': run.op, nodeName: run.op === 'added' ? 'ins' : 'del', ...byAuthor(run.authorId) }));
      }
      pos += run.text.length;
    }
  });
  return DecorationSet.create(doc, found);
}
