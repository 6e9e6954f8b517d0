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
  const push = (node: JSONContent, kind: DiffBlockKind, inline: InlineChange[] | null = null) => {
    content.push(node);
    blocks.push({ kind, inline });
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
    } else push(change.block, change.op);
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
export const VersionDiff = Extension.create<{ blocks: DiffBlock[] }>({
  name: 'versionDiff',
  addOptions() {
    return { blocks: [] };
  },
  addProseMirrorPlugins() {
    const blocks = this.options.blocks;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorations(state.doc, blocks),
          apply: (tr, previous) => (tr.docChanged ? decorations(tr.doc, blocks) : previous),
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

function decorations(doc: ProseMirrorNode, blocks: readonly DiffBlock[]): DecorationSet {
  const found: Decoration[] = [];
  doc.forEach((node, offset, index) => {
    const block = blocks[index];
    if (!block || block.kind === 'equal') return;
    found.push(Decoration.node(offset, offset + node.nodeSize, { class: `diff-block diff-${block.kind}`, 'data-diff': block.kind }));
    if (block.kind !== 'changed' || !block.inline) return;
    let pos = offset + 1;
    for (const run of block.inline) {
      if (run.op !== 'equal') {
        found.push(Decoration.inline(pos, pos + run.text.length, { class: `diff-${run.op}`, 'data-diff': run.op, nodeName: run.op === 'added' ? 'ins' : 'del' }));
      }
      pos += run.text.length;
    }
  });
  return DecorationSet.create(doc, found);
}
