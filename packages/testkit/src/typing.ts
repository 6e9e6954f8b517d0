import * as Y from 'yjs';

// One typist's edits, one update each, into the Y.Text `name`: characters typed at the end, every
// 10th a backspace. The log W6 joins (packages/bench burst-join) and the one concatUpdates' spec
// must join into a single update.
export function typedEdits(entries: number, name = 'text'): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText(name);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < entries; i++) {
    if (i % 10 === 9) text.delete(text.length - 1, 1);
    else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  }
  doc.destroy();
  return updates;
}
