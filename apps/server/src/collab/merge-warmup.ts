import * as Y from 'yjs';
import { applyBatch, diffState, encodeMerged } from './merge-updates.js';

// A merge thread's first merges run Yjs' decode and integrate paths before V8 has optimised them:
// the first cold join of a process took 280–300 ms more in its merge than the next ones on the quiet
// machine (W6 "stream"; 1.2–2 s under load), every deploy paying it again on each thread. Merging a
// synthetic page at start, the way joins do (many small updates applied into one document, then
// encoded and diffed), lets V8 optimise those paths before a join needs them.

// One typist's edits, an update each, the shapes pages get: characters typed into a paragraph
// (Tiptap's XmlFragment > XmlElement > XmlText), a backspace now and then, some bold, and a plain
// Y.Text typed into (databases' and older pages' text).
function syntheticEdits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment('default').insert(0, [paragraph]);
  const plain = doc.getText('text');
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) text.delete(text.length - 1, 1);
    else if (i % 50 === 7) text.insert(text.length, 'b', { bold: true });
    else if (i % 4 === 3) plain.insert(plain.length, 'x');
    else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  }
  doc.destroy();
  return updates;
}

// As a thread's merge session runs: batches of a read page each applied into one document, then
// the state encoded and a diff taken. About 0.5 s of one core per thread, once, at the thread's
// (low) priority.
export function warmUpMerges(rounds = 4, edits = 4_000, batch = 1_000): void {
  const updates = syntheticEdits(edits);
  for (let round = 0; round < rounds; round++) {
    const doc = new Y.Doc();
    for (let at = 0; at < updates.length; at += batch) applyBatch(doc, updates.slice(at, at + batch));
    const { state } = encodeMerged(doc);
    diffState(state, Y.encodeStateVectorFromUpdate(updates[0]!));
    doc.destroy();
  }
}
