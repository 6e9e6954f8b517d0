import { addRows, deleteRows, initDatabase, readRows, setCells } from '@tandem/database/ydoc';
import * as Y from 'yjs';

import { comparedDocument, diffDocuments, diffInline, parseDocumentJSON, restoreUpdate, runHistoryTask, yDocFromJSON, yDocToJSON } from '../src/index.js';

const paragraph = (value: string) => ({ type: 'paragraph', content: value ? [{ type: 'text', text: value }] : [] });
const doc = (...lines: string[]) => ({ type: 'doc', content: lines.map(paragraph) });
const by = { userId: 'ada', now: '2026-11-30T08:00:00.000Z' };
const texts = (d: Y.Doc) => (yDocToJSON(d).content ?? []).map((p) => (p.content ?? []).map((t) => t.text).join(''));

function fork(source: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  return copy;
}

function insertText(d: Y.Doc, block: number, index: number, value: string): void {
  const text = (d.getXmlFragment('default').get(block) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(index, value);
}

describe('restoreUpdate', () => {
  it('turns the current document into the version as one update', () => {
    const version = doc('alpha', 'beta', 'gamma');
    const current = yDocFromJSON(version);
    const server = fork(current);
    // The page moves on after the version.
    insertText(server, 1, 4, ' changed');
    server.getXmlFragment('default').delete(2, 1);
    expect(texts(server)).toEqual(['alpha', 'beta changed']);
    const update = restoreUpdate(server, version);
    expect(texts(server)).toEqual(['alpha', 'beta', 'gamma']);
    const other = fork(current);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    expect(texts(other)).toEqual(['alpha', 'beta', 'gamma']);
    expect(update.byteLength).toBeGreaterThan(0);
  });

  it('keeps a concurrent edit in text the restore does not change', () => {
    const version = doc('one', 'two', 'three');
    const base = yDocFromJSON(doc('one', 'two', 'three', 'four'));
    const server = fork(base);
    const offline = fork(base);
    insertText(offline, 0, 3, '!');
    const update = restoreUpdate(server, version);
    Y.applyUpdate(offline, update);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(offline));
    expect(texts(server)).toEqual(['one!', 'two', 'three']);
    expect(texts(offline)).toEqual(['one!', 'two', 'three']);
  });

  it('refuses content outside the schema', () => {
    expect(() => restoreUpdate(new Y.Doc(), { type: 'doc', content: [{ type: 'nope' }] })).toThrow(/schema/);
  });
});

describe('diffDocuments', () => {
  it('aligns blocks and diffs the text of a changed one', () => {
    const diff = diffDocuments(doc('keep', 'old words here', 'gone'), doc('new first', 'keep', 'old nice words here'));
    expect(diff.blocks.map((b) => b.op)).toEqual(['added', 'equal', 'changed', 'removed']);
    const changed = diff.blocks[2] as Extract<(typeof diff.blocks)[number], { op: 'changed' }>;
    expect(changed.inline).toEqual([
      { op: 'equal', text: 'old ' },
      { op: 'added', text: 'nice ' },
      { op: 'equal', text: 'words here' },
    ]);
    expect(diff.stats).toEqual({ added: 1, removed: 1, changed: 1 });
  });

  it('is all equal for one document', () => {
    const diff = diffDocuments(doc('a', 'b'), doc('a', 'b'));
    expect(diff.stats).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it('diffs words', () => {
    expect(diffInline('the cat sat', 'the dog sat')).toEqual([
      { op: 'equal', text: 'the ' },
      { op: 'removed', text: 'cat' },
      { op: 'added', text: 'dog' },
      { op: 'equal', text: ' sat' },
    ]);
  });

  it('diffs 10,000 paragraphs with a change in the middle quickly', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `paragraph ${i}`);
    const edited = [...lines];
    edited[5000] = 'paragraph five thousand';
    const started = performance.now();
    const diff = diffDocuments(doc(...lines), doc(...edited));
    expect(diff.stats).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('comparedDocument', () => {
  it('shows a diff as one document of the schema, with what each block is', () => {
    const shown = comparedDocument(diffDocuments(doc('keep', 'old words', 'gone'), doc('keep', 'old new words', 'added')).blocks);
    expect(shown.blocks.map((b) => b.kind)).toEqual(['equal', 'changed', 'changed']);
    expect(() => parseDocumentJSON(shown.doc)).not.toThrow();
    expect(linesOfJSON(shown.doc)).toEqual(['keep', 'old new words', 'goneadded']);
  });
});

function linesOfJSON(json: { content?: Array<{ content?: Array<{ text?: string }> }> }): string[] {
  return (json.content ?? []).map((p) => (p.content ?? []).map((t) => t.text).join(''));
}

describe('diffDocuments on long documents', () => {
  it('finds scattered edits in 10,000 paragraphs (first and last blocks changed too) quickly', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `paragraph ${i}`);
    const edited = lines.map((line, i) => (i % 450 === 0 ? `EDITED ${line}` : line)).slice(0, 9_950);
    edited.splice(5000, 0, 'a new one');
    const started = performance.now();
    const diff = diffDocuments(doc(...lines), doc(...edited));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(diff.stats).toEqual({ changed: 23, added: 1, removed: 50 });
  });

  it('matches a brute-force LCS on random small inputs', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: Math.floor(rand() * 12) }, () => 'abcd'[Math.floor(rand() * 4)]!);
      const b = Array.from({ length: Math.floor(rand() * 12) }, () => 'abcd'[Math.floor(rand() * 4)]!);
      const runs = diffInline(a.join(' '), b.join(' '));
      expect(runs.filter((r) => r.op !== 'added').map((r) => r.text).join('')).toBe(a.join(' '));
      expect(runs.filter((r) => r.op !== 'removed').map((r) => r.text).join('')).toBe(b.join(' '));
      const common = runs.filter((r) => r.op === 'equal').map((r) => r.text).join('');
      expect(common.length).toBe(lcs(a.join(' '), b.join(' ')));
    }
  });
});

// Length of the longest common subsequence of two token lists (as diffInline tokenizes).
function lcs(x: string, y: string): number {
  const a = x.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
  const b = y.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + a[i]!.length : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  return t[0]![0]!;
}

describe('runHistoryTask', () => {
  it('runs preview, diff and restore from Yjs updates, and reports content outside the schema', () => {
    const version = Y.encodeStateAsUpdate(yDocFromJSON(doc('one', 'two')));
    const page = yDocFromJSON(doc('one', 'two'));
    insertText(page, 1, 3, ' more');
    const current = [Y.encodeStateAsUpdate(page)];
    expect(runHistoryTask({ kind: 'preview', parts: [version], pageId: 'p1' })).toEqual({ content: expect.objectContaining({ type: 'doc' }), database: null });
    expect(runHistoryTask({ kind: 'preview', parts: [version], pageId: 'p1' }).content.content).toHaveLength(2);
    expect(runHistoryTask({ kind: 'diff', base: current, version: [version] }).stats).toEqual({ added: 0, removed: 0, changed: 1 });
    const restored = runHistoryTask({ kind: 'restore', current, version: [version], pageId: 'p1', by });
    if ('invalid' in restored) throw new Error(restored.invalid);
    Y.applyUpdate(page, restored.update);
    expect(texts(page)).toEqual(['one', 'two']);
    const odd = new Y.Doc();
    odd.getXmlFragment('default').push([new Y.XmlElement('retiredBlock')]);
    expect(runHistoryTask({ kind: 'restore', current, version: [Y.encodeStateAsUpdate(odd)], pageId: 'p1', by })).toEqual({ invalid: expect.stringMatching(/schema/) });
  });
});

describe('history of a database page', () => {
  it('restores a version whose body was never written (no blocks) by emptying the body', () => {
    const versionDoc = new Y.Doc();
    initDatabase(versionDoc, { titleId: 'name', viewId: 'v1' });
    const page = new Y.Doc();
    Y.applyUpdate(page, Y.encodeStateAsUpdate(versionDoc));
    page.getXmlFragment('default').push([new Y.XmlElement('paragraph')]);
    const restored = runHistoryTask({ kind: 'restore', current: [Y.encodeStateAsUpdate(page)], version: [Y.encodeStateAsUpdate(versionDoc)], pageId: 'p1', by });
    if ('invalid' in restored) throw new Error(restored.invalid);
    Y.applyUpdate(page, restored.update);
    expect(page.getXmlFragment('default').length).toBe(0);
  });

  it('previews its database and restores body and database as one edit', () => {
    const versionDoc = yDocFromJSON(doc('About these tasks'));
    initDatabase(versionDoc, { titleId: 'name', viewId: 'v1' });
    addRows(versionDoc, 'p1', [{ id: 'r1', values: { name: 'Keep' } }, { id: 'r2', values: { name: 'Gone later' } }], by);
    const version = Y.encodeStateAsUpdate(versionDoc);
    const page = new Y.Doc();
    Y.applyUpdate(page, version);
    insertText(page, 0, 0, 'Edited: ');
    deleteRows(page, ['r2']);
    setCells(page, 'p1', 'r1', { name: 'Renamed' }, by);

    const preview = runHistoryTask({ kind: 'preview', parts: [version], pageId: 'p1' });
    expect(preview.database?.rows.map((r) => r.values.name)).toEqual(['Keep', 'Gone later']);
    expect(preview.database?.views.map((v) => v.id)).toEqual(['v1']);
    expect(preview.database?.schema.properties.map((p) => p.id)).toEqual(['name']);

    const restored = runHistoryTask({ kind: 'restore', current: [Y.encodeStateAsUpdate(page)], version: [version], pageId: 'p1', by: { userId: 'bob', now: '2026-11-30T09:00:00.000Z' } });
    if ('invalid' in restored) throw new Error(restored.invalid);
    Y.applyUpdate(page, restored.update);
    expect(texts(page)).toEqual(['About these tasks']);
    expect(readRows(page).map((r) => [r.id, r.values.name, r.lastEditedBy])).toEqual([['r1', 'Keep', 'bob'], ['r2', 'Gone later', 'bob']]);
  });
});

describe('diff attribution', () => {
  it('names the Yjs client that wrote each added and removed run, and each whole added block', () => {
    const start = yDocFromJSON(doc('shared line'));
    start.clientID = 1;
    const older = new Y.Doc();
    older.clientID = 1;
    Y.applyUpdate(older, Y.encodeStateAsUpdate(start));
    insertText(older, 0, 11, ' by ada');
    // Bob edits the same paragraph and adds one of his own; Ada's words go.
    const newer = fork(older);
    newer.clientID = 2;
    const text = (newer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(11, 7);
    text.insert(11, ' and bob');
    const extra = new Y.XmlElement('paragraph');
    extra.insert(0, [new Y.XmlText('all bob')]);
    newer.getXmlFragment('default').push([extra]);

    const diff = runHistoryTask({ kind: 'diff', base: [Y.encodeStateAsUpdate(older)], version: [Y.encodeStateAsUpdate(newer)] });
    const changed = diff.blocks[0]!;
    if (changed.op !== 'changed') throw new Error(`expected a changed block, got ${changed.op}`);
    const writer = (op: string, t: string) => changed.inline!.find((r) => r.op === op && r.text.includes(t))?.writer;
    expect(writer('added', 'bob')).toBe(2);
    expect(writer('removed', 'ada')).toBe(1);
    expect(changed.inline!.filter((r) => r.op === 'equal').every((r) => r.writer === undefined)).toBe(true);
    expect(diff.blocks[1]).toMatchObject({ op: 'added', writer: 2 });
    // Plain JSON in, no attribution out.
    expect(diffDocuments(doc('a'), doc('a', 'b')).blocks[1]).toEqual({ op: 'added', block: paragraph('b') });
  });
});
