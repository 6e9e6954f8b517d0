import * as Y from 'yjs';
import {
  DOCUMENT_FIELD,
  MentionPickerController,
  encodeCommentAnchorInDocument,
  filterMentionPeople,
  resolveCommentAnchorInDocument,
  runHistoryTask,
  yDocFromJSON,
} from '../src/index.js';

const page = (...lines: string[]) => yDocFromJSON({ type: 'doc', content: lines.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
const run = (doc: Y.Doc, block: number) => (doc.getXmlFragment(DOCUMENT_FIELD).get(block) as Y.XmlElement).get(0) as Y.XmlText;

describe('comment anchors', () => {
  it('text typed at either edge stays outside the range, text typed inside is in', () => {
    const doc = page('one two three');
    // "two" is at 5..8 (the paragraph opens at 0, its text starts at 1).
    const anchor = encodeCommentAnchorInDocument(doc, 5, 8)!;
    expect(resolveCommentAnchorInDocument(doc, anchor)?.text).toBe('two');
    run(doc, 0).insert(4, '[');
    run(doc, 0).insert(8, ']');
    expect(run(doc, 0).toString()).toBe('one [two] three');
    expect(resolveCommentAnchorInDocument(doc, anchor)?.text).toBe('two');
    run(doc, 0).insert(6, '-');
    expect(resolveCommentAnchorInDocument(doc, anchor)?.text).toBe('t-wo');
  });

  it('spans blocks, and collapses to null when its text is deleted', () => {
    const doc = page('alpha beta', 'gamma delta');
    const anchor = encodeCommentAnchorInDocument(doc, 7, 18)!;
    expect(resolveCommentAnchorInDocument(doc, anchor)?.text).toBe('beta\ngamma');
    run(doc, 1).delete(0, 'gamma'.length);
    run(doc, 0).delete('alpha '.length, 'beta'.length);
    expect(resolveCommentAnchorInDocument(doc, anchor)).toBeNull();
  });

  it('the server check: positions of this page pass, of another page or made up do not', () => {
    const doc = page('here');
    const other = page('there');
    const anchor = encodeCommentAnchorInDocument(doc, 1, 5)!;
    const foreign = encodeCommentAnchorInDocument(other, 1, 5)!;
    const parts = [Y.encodeStateAsUpdate(doc)];
    expect(runHistoryTask({ kind: 'anchors', parts, anchors: [anchor, foreign, { start: 'AAAA', end: '%%%' }] })).toEqual([true, false, false]);
  });
});

describe('mention picker', () => {
  const people = [
    { id: '1', name: 'Ada Lovelace' },
    { id: '2', name: 'Bob Moses' },
    { id: '3', name: 'Adam Smith' },
  ];

  it('matches the start of any word of a name', () => {
    expect(filterMentionPeople(people, 'ad').map((p) => p.id)).toEqual(['1', '3']);
    expect(filterMentionPeople(people, 'mo').map((p) => p.id)).toEqual(['2']);
    expect(filterMentionPeople(people, '').length).toBe(3);
  });

  it('moves the highlight with the arrows and picks with Enter', () => {
    const picker = new MentionPickerController();
    const picked: string[] = [];
    picker.show('ad', filterMentionPeople(people, 'ad'), null, (p) => picked.push(p.id));
    expect(picker.handleKey('ArrowDown')).toBe(true);
    expect(picker.handleKey('Enter')).toBe(true);
    expect(picked).toEqual(['3']);
    expect(picker.handleKey('Escape')).toBe(true);
    expect(picker.getSnapshot().open).toBe(false);
    expect(picker.handleKey('Enter')).toBe(false);
  });
});
