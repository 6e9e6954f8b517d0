import type { JSONContent } from '@tiptap/core';
import { updateYFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

import { parseDocumentJSON } from './convert.js';
import { DOCUMENT_FIELD } from './schema.js';

/**
 * Turns `doc` (the page as it is now) into `json` (a version's content) as an ordinary edit, and
 * returns that edit as a Yjs update. y-prosemirror's own reconciliation (`updateYFragment`, what the
 * editor runs on every keystroke) keeps every block and run of text the two share and touches only
 * what differs, so edits others make concurrently (or offline) in unchanged text still land after
 * the restore; a wholesale replace would bury them inside deleted blocks.
 */
export function restoreUpdate(doc: Y.Doc, json: unknown): Uint8Array {
  const node = parseDocumentJSON(json);
  const before = Y.encodeStateVector(doc);
  updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FIELD), node, { mapping: new Map(), isOMark: new Map() });
  return Y.encodeStateAsUpdate(doc, before);
}

export interface InlineChange {
  op: 'equal' | 'added' | 'removed';
  text: string;
}

export type BlockChange =
  | { op: 'equal'; block: JSONContent }
  | { op: 'added'; block: JSONContent }
  | { op: 'removed'; block: JSONContent }
  | { op: 'changed'; before: JSONContent; after: JSONContent; inline: InlineChange[] | null };

export interface DocumentDiff {
  blocks: BlockChange[];
  stats: { added: number; removed: number; changed: number };
}

// Blocks whose inline content is compared word by word.
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/**
 * How `target` differs from `base`, block by block (top level), and word by word inside a text block
 * that changed: `added` is in `target` only, `removed` in `base` only.
 */
export function diffDocuments(base: JSONContent, target: JSONContent): DocumentDiff {
  const a = base.content ?? [];
  const b = target.content ?? [];
  const ops = align(a.map(key), b.map(key));
  const blocks: BlockChange[] = [];
  const stats = { added: 0, removed: 0, changed: 0 };
  // A run of removed blocks followed by added ones: pair them up as changed blocks when they are of
  // one type, so an edited paragraph shows its edit rather than a whole paragraph out and in.
  let removed: JSONContent[] = [];
  let added: JSONContent[] = [];
  const flush = () => {
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) {
      const before = removed[i]!;
      const after = added[i]!;
      if (before.type === after.type) {
        stats.changed += 1;
        blocks.push({ op: 'changed', before, after, inline: TEXT_BLOCKS.has(after.type ?? '') ? diffInline(blockText(before), blockText(after)) : null });
      } else {
        stats.removed += 1;
        stats.added += 1;
        blocks.push({ op: 'removed', block: before }, { op: 'added', block: after });
      }
    }
    for (const block of removed.slice(pairs)) {
      stats.removed += 1;
      blocks.push({ op: 'removed', block });
    }
    for (const block of added.slice(pairs)) {
      stats.added += 1;
      blocks.push({ op: 'added', block });
    }
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.op === 'equal') {
      flush();
      blocks.push({ op: 'equal', block: b[op.b]! });
    } else if (op.op === 'removed') removed.push(a[op.a]!);
    else added.push(b[op.b]!);
  }
  flush();
  return { blocks, stats };
}

export function diffInline(before: string, after: string): InlineChange[] {
  const a = tokens(before);
  const b = tokens(after);
  const out: InlineChange[] = [];
  for (const op of align(a, b)) {
    const text = op.op === 'removed' ? a[op.a]! : b[op.b]!;
    const last = out.at(-1);
    if (last && last.op === op.op) last.text += text;
    else out.push({ op: op.op, text });
  }
  return out;
}

function key(block: JSONContent): string {
  return JSON.stringify(block);
}

function blockText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(blockText).join('');
}

function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

type AlignOp = { op: 'equal'; a: number; b: number } | { op: 'removed'; a: number } | { op: 'added'; b: number };

// Beyond this many cells the middle is not aligned (all of it out, then all of it in): keeps a diff
// of two unrelated 10,000-block documents from costing 100M steps.
const MAX_LCS_CELLS = 4_000_000;

// Longest-common-subsequence alignment after trimming the common head and tail (most edits
// touch a small middle of a long document).
function align(a: readonly string[], b: readonly string[]): AlignOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: AlignOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'equal', a: i, b: i });
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n * m > MAX_LCS_CELLS) {
    for (let i = 0; i < n; i++) ops.push({ op: 'removed', a: head + i });
    for (let j = 0; j < m; j++) ops.push({ op: 'added', b: head + j });
  } else if (n > 0 || m > 0) {
    // lengths[i][j] = LCS of a[head+i..] and b[head+j..], row-major in one array.
    const w = m + 1;
    const lengths = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * w + j] = a[head + i] === b[head + j] ? lengths[(i + 1) * w + j + 1]! + 1 : Math.max(lengths[(i + 1) * w + j]!, lengths[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] === b[head + j]) {
        ops.push({ op: 'equal', a: head + i, b: head + j });
        i++;
        j++;
      } else if (i < n && (j >= m || lengths[(i + 1) * w + j]! >= lengths[i * w + j + 1]!)) {
        // Removals first within a change, so pairs read "old, new".
        ops.push({ op: 'removed', a: head + i++ });
      } else ops.push({ op: 'added', b: head + j++ });
    }
  }
  for (let k = tail; k > 0; k--) ops.push({ op: 'equal', a: a.length - k, b: b.length - k });
  return ops;
}
