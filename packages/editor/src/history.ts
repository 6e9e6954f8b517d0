import type { DatabaseSchema, Row, View } from '@tandem/database';
import { DatabaseDocError, type Editor, isDatabaseDoc, readRows, readSchema, readViews } from '@tandem/database/ydoc';
import { restoreDatabase } from '@tandem/database/ydoc-restore';
import type { JSONContent } from '@tiptap/core';
import { updateYFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

import { type CommentAnchorPositions, commentAnchorInDocument } from './comments.js';
import { DocumentContentError, parseDocumentJSON, yDocToJSON } from './convert.js';
import { DOCUMENT_FIELD } from './schema.js';

/**
 * Turns `doc` (the page as it is now) into `json` (a version's content) as an ordinary edit, and
 * returns that edit as a Yjs update. y-prosemirror's own reconciliation (`updateYFragment`, what the
 * editor runs on every keystroke) keeps every block and run of text the two share and touches only
 * what differs, so edits others make concurrently (or offline) in unchanged text still land after
 * the restore; a wholesale replace would bury them inside deleted blocks.
 */
export function restoreUpdate(doc: Y.Doc, json: unknown): Uint8Array {
  const before = Y.encodeStateVector(doc);
  restoreBody(doc, json);
  return Y.encodeStateAsUpdate(doc, before);
}

function restoreBody(doc: Y.Doc, json: unknown): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  // A body nobody ever wrote (a new database page's) has no blocks, which the schema's `doc` does
  // not accept; its version is restored by emptying the body.
  if (isEmptyBody(json)) {
    if (fragment.length) fragment.delete(0, fragment.length);
    return;
  }
  updateYFragment(doc, fragment, parseDocumentJSON(json), { mapping: new Map(), isOMark: new Map() });
}

function isEmptyBody(json: unknown): boolean {
  const node = json as JSONContent | null;
  return node?.type === 'doc' && !node.content?.length;
}

// A database page's database as a version holds it: what a preview draws (its views over its rows).
export interface DatabaseContent {
  schema: DatabaseSchema;
  views: View[];
  rows: Row[];
}

// The history's heavy steps, as plain data in and out, so a server can run them in a worker thread
// (or inline for small pages) with one implementation. Inputs are Yjs updates (a page's persisted
// state and its stream entries, or a version's state), applied in order into a fresh Y.Doc.
// `pageId` names a database page's database (its id is the page's); `by` is who restores, and when.
export type HistoryTask =
  | { kind: 'preview'; parts: Uint8Array[]; pageId: string }
  | { kind: 'diff'; base: Uint8Array[]; version: Uint8Array[] }
  | { kind: 'restore'; current: Uint8Array[]; version: Uint8Array[]; pageId: string; by: Editor }
  // Comment anchors to check against the page (comments.ts): does each point into it?
  | { kind: 'anchors'; parts: Uint8Array[]; anchors: CommentAnchorPositions[] };

export interface HistoryTaskResults {
  // The body, and the database for a database page (null for other pages).
  preview: { content: JSONContent; database: DatabaseContent | null };
  diff: DocumentDiff;
  // `before`: the page as it was (the before-restore version); `update`: the restoring edit (the
  // body, and for a database page its database too). `invalid`: the version's content does not fit
  // the schema, or its database cannot be written back (nothing to restore).
  restore: { before: Uint8Array; update: Uint8Array } | { invalid: string };
  anchors: boolean[];
}

export function runHistoryTask<T extends HistoryTask>(task: T): HistoryTaskResults[T['kind']] {
  const result =
    task.kind === 'preview'
      ? previewTask(task.parts, task.pageId)
      : task.kind === 'diff'
        ? attributedDiff(task.base, task.version)
        : task.kind === 'restore'
          ? restoreTask(task)
          : anchorsTask(task.parts, task.anchors);
  return result as HistoryTaskResults[T['kind']];
}

function load(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
}

function anchorsTask(parts: readonly Uint8Array[], anchors: readonly CommentAnchorPositions[]): boolean[] {
  const doc = load(parts);
  try {
    return anchors.map((anchor) => commentAnchorInDocument(doc, anchor));
  } finally {
    doc.destroy();
  }
}

// The diff of two documents, each changed run of text (and each whole added or removed block) with
// the Yjs client id that wrote it, read from the items of the side it is on.
function attributedDiff(base: readonly Uint8Array[], version: readonly Uint8Array[]): DocumentDiff {
  const [a, b] = [load(base), load(version)];
  try {
    const [aJSON, bJSON] = [yDocToJSON(a), yDocToJSON(b)];
    return diffDocuments(aJSON, bJSON, { base: blockWriters(a, aJSON), target: blockWriters(b, bJSON) });
  } finally {
    a.destroy();
    b.destroy();
  }
}

// Per top-level block, the client id of each character of its text (as `blockText` spells it), or
// null where the Yjs tree and the JSON disagree (a block the schema normalised): no attribution then.
function blockWriters(doc: Y.Doc, json: JSONContent): (number[] | null)[] {
  const top = doc.getXmlFragment(DOCUMENT_FIELD).toArray();
  return (json.content ?? []).map((block, i) => {
    const node = top[i];
    if (!(node instanceof Y.XmlElement)) return null;
    const text: string[] = [];
    const writers: number[] = [];
    collectWriters(node, text, writers);
    return text.join('') === blockText(block) ? writers : null;
  });
}

function collectWriters(node: Y.XmlElement | Y.XmlText, text: string[], writers: number[]): void {
  if (node instanceof Y.XmlText) {
    for (let item = node._start; item; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      text.push(item.content.str);
      for (let i = 0; i < item.content.str.length; i++) writers.push(item.id.client);
    }
    return;
  }
  if (node.nodeName === 'hardBreak') {
    text.push('\n');
    writers.push(node._item?.id.client ?? 0);
    return;
  }
  for (const child of node.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) collectWriters(child, text, writers);
}

function previewTask(parts: readonly Uint8Array[], pageId: string): HistoryTaskResults['preview'] {
  const doc = load(parts);
  try {
    const database = isDatabaseDoc(doc) ? { schema: readSchema(doc, pageId), views: readViews(doc), rows: readRows(doc) } : null;
    return { content: yDocToJSON(doc), database };
  } finally {
    doc.destroy();
  }
}

// One edit for the whole page: the body, then (for a database page) its database, both computed on
// the same document so the update carries both or neither.
function restoreTask({ current, version, pageId, by }: Extract<HistoryTask, { kind: 'restore' }>): HistoryTaskResults['restore'] {
  const [doc, target] = [load(current), load(version)];
  try {
    const before = Y.encodeStateAsUpdate(doc);
    const vector = Y.encodeStateVector(doc);
    restoreBody(doc, yDocToJSON(target));
    if (isDatabaseDoc(target)) restoreDatabase(doc, pageId, target, by);
    return { before, update: Y.encodeStateAsUpdate(doc, vector) };
  } catch (err) {
    if (err instanceof DocumentContentError || err instanceof DatabaseDocError) return { invalid: err.message };
    throw err;
  } finally {
    doc.destroy();
    target.destroy();
  }
}

export interface InlineChange {
  op: 'equal' | 'added' | 'removed';
  text: string;
  // The Yjs client id that wrote this added or removed run (when known), and the person behind it
  // (set by a server that knows who introduced each client id).
  writer?: number;
  authorId?: string;
}

export type BlockChange =
  | { op: 'equal'; block: JSONContent }
  | { op: 'added'; block: JSONContent; writer?: number; authorId?: string }
  | { op: 'removed'; block: JSONContent; writer?: number; authorId?: string }
  | { op: 'changed'; before: JSONContent; after: JSONContent; inline: InlineChange[] | null };

// Who wrote each character of each top-level block, per side (see blockWriters).
export interface DiffWriters {
  base: (number[] | null)[];
  target: (number[] | null)[];
}

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
export function diffDocuments(base: JSONContent, target: JSONContent, writers?: DiffWriters): DocumentDiff {
  const a = base.content ?? [];
  const b = target.content ?? [];
  const ops = align(a.map(key), b.map(key));
  const blocks: BlockChange[] = [];
  const stats = { added: 0, removed: 0, changed: 0 };
  // A run of removed blocks followed by added ones: pair them up as changed blocks when they are of
  // one type, so an edited paragraph shows its edit rather than a whole paragraph out and in.
  // Indexes into a (removed) and b (added).
  let removed: number[] = [];
  let added: number[] = [];
  const whole = (op: 'added' | 'removed', index: number): BlockChange => {
    const block = op === 'added' ? b[index]! : a[index]!;
    const writer = mostOf((op === 'added' ? writers?.target : writers?.base)?.[index]);
    return writer === undefined ? { op, block } : { op, block, writer };
  };
  const flush = () => {
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) {
      const before = a[removed[i]!]!;
      const after = b[added[i]!]!;
      if (before.type === after.type) {
        stats.changed += 1;
        const inline = TEXT_BLOCKS.has(after.type ?? '') ? diffInline(blockText(before), blockText(after)) : null;
        blocks.push({ op: 'changed', before, after, inline: inline && writers ? attribute(inline, writers.base[removed[i]!] ?? null, writers.target[added[i]!] ?? null) : inline });
      } else {
        stats.removed += 1;
        stats.added += 1;
        blocks.push(whole('removed', removed[i]!), whole('added', added[i]!));
      }
    }
    for (const index of removed.slice(pairs)) {
      stats.removed += 1;
      blocks.push(whole('removed', index));
    }
    for (const index of added.slice(pairs)) {
      stats.added += 1;
      blocks.push(whole('added', index));
    }
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.op === 'equal') {
      flush();
      blocks.push({ op: 'equal', block: b[op.b]! });
    } else if (op.op === 'removed') removed.push(op.a);
    else added.push(op.b);
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

// Splits each added run where its writer changes (read from the target block's characters) and each
// removed run likewise from the base block's; equal runs advance both.
function attribute(runs: InlineChange[], base: number[] | null, target: number[] | null): InlineChange[] {
  const out: InlineChange[] = [];
  let [inBase, inTarget] = [0, 0];
  for (const run of runs) {
    const side = run.op === 'added' ? target : run.op === 'removed' ? base : null;
    const at = run.op === 'added' ? inTarget : inBase;
    if (run.op !== 'removed') inTarget += run.text.length;
    if (run.op !== 'added') inBase += run.text.length;
    if (!side) {
      out.push(run);
      continue;
    }
    let start = 0;
    for (let i = 1; i <= run.text.length; i++) {
      if (i < run.text.length && side[at + i] === side[at + start]) continue;
      const writer = side[at + start];
      out.push(writer === undefined ? { op: run.op, text: run.text.slice(start, i) } : { op: run.op, text: run.text.slice(start, i), writer });
      start = i;
    }
  }
  return out;
}

// The client id that wrote most of a block's characters.
function mostOf(writers: number[] | null | undefined): number | undefined {
  if (!writers?.length) return undefined;
  const counts = new Map<number, number>();
  let best: number | undefined;
  for (const w of writers) {
    const n = (counts.get(w) ?? 0) + 1;
    counts.set(w, n);
    if (best === undefined || n > counts.get(best)!) best = w;
  }
  return best;
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

// Beyond this many differences the middle is not aligned (all of it out, then all of it in): keeps
// the diff of two unrelated long documents bounded in time and memory (Myers' trace grows as D²).
const MAX_EDITS = 2000;

// A shortest edit script (Myers' O((N+M)·D) algorithm, which finds a longest common subsequence)
// after trimming the common head and tail: most edits touch a few places of a long document, so
// D stays small where an N×M table would not fit.
function align(a: readonly string[], b: readonly string[]): AlignOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: AlignOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'equal', a: i, b: i });
  const middle = shortestEdit(a, b, head, a.length - tail, head, b.length - tail);
  if (middle) ops.push(...middle);
  else {
    for (let i = head; i < a.length - tail; i++) ops.push({ op: 'removed', a: i });
    for (let j = head; j < b.length - tail; j++) ops.push({ op: 'added', b: j });
  }
  for (let k = tail; k > 0; k--) ops.push({ op: 'equal', a: a.length - k, b: b.length - k });
  return ops;
}

// Myers' diff of a[aFrom, aTo) and b[bFrom, bTo); null beyond MAX_EDITS differences.
function shortestEdit(a: readonly string[], b: readonly string[], aFrom: number, aTo: number, bFrom: number, bTo: number): AlignOp[] | null {
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  if (n === 0 && m === 0) return [];
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: v over k in [-d-1, d+1] as it was when step d began.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[aFrom + x] === b[bFrom + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;
  const reversed: AlignOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const previous = trace[d]!;
    const at = (k: number) => previous[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) reversed.push({ op: 'equal', a: aFrom + --x, b: bFrom + --y });
    if (x === prevX) reversed.push({ op: 'added', b: bFrom + --y });
    else reversed.push({ op: 'removed', a: aFrom + --x });
  }
  while (x > 0 && y > 0) reversed.push({ op: 'equal', a: aFrom + --x, b: bFrom + --y });
  return reversed.reverse();
}
