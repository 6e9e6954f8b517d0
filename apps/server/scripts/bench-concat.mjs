/* global process, performance, console, Buffer */
// The merge thread's apply of a cold join, standalone: ENTRIES single-character updates of one
// typist (W6's `typing`: at the end, every 10th a backspace; or at random places), applied in the
// thread's batches of 1,000 (a transaction each), per update as main did, or joined first with
// concatUpdates. Warm JIT: WARMUP rounds of both first, then RUNS alternated samples of each.
//
//   npx --no-install tsc -p apps/server/tsconfig.build.json
//   node apps/server/scripts/bench-concat.mjs [entries=40000] [runs=5] [warmup=3]
import { loadavg } from 'node:os';
import * as Y from 'yjs';
import { concatUpdates } from '../dist/collab/concat-updates.js';

const [entries = '40000', runs = '5', warmup = '3'] = process.argv.slice(2);
const BATCH = 1_000;

function typing(n, randomPlaces) {
  const doc = new Y.Doc();
  const text = doc.getText('text');
  const updates = [];
  doc.on('update', (u) => updates.push(u));
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    if (i % 10 === 9) text.delete(randomPlaces ? Math.floor(rnd() * text.length) : text.length - 1, 1);
    else text.insert(randomPlaces ? Math.floor(rnd() * (text.length + 1)) : text.length, String.fromCharCode(97 + (i % 26)));
  }
  doc.destroy();
  return updates;
}

function apply(updates, join) {
  const doc = new Y.Doc();
  const t0 = performance.now();
  let joinMs = 0;
  let applied = 0;
  for (let at = 0; at < updates.length; at += BATCH) {
    let parts = updates.slice(at, at + BATCH);
    if (join) {
      const j = performance.now();
      parts = concatUpdates(parts);
      joinMs += performance.now() - j;
    }
    applied += parts.length;
    doc.transact(() => {
      for (const p of parts) Y.applyUpdate(doc, p);
    });
  }
  const ms = performance.now() - t0;
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { ms, joinMs, applied, state };
}

const fmt = (xs) => xs.map((x) => x.toFixed(1)).join(' ');
for (const randomPlaces of [false, true]) {
  const updates = typing(Number(entries), randomPlaces);
  for (let i = 0; i < Number(warmup); i++) {
    apply(updates, false);
    apply(updates, true);
  }
  const plain = [];
  const joined = [];
  const joinOnly = [];
  let same = true;
  let appliedJoined = 0;
  for (let i = 0; i < Number(runs); i++) {
    const a = apply(updates, false);
    const b = apply(updates, true);
    plain.push(a.ms);
    joined.push(b.ms);
    joinOnly.push(b.joinMs);
    appliedJoined = b.applied;
    same &&= Buffer.from(a.state).equals(Buffer.from(b.state));
  }
  console.log(
    `${randomPlaces ? 'random places' : 'typing at end'}: ${updates.length} updates, batches of ${BATCH}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n` +
      `  per update (ms): ${fmt(plain)}\n` +
      `  joined (ms):     ${fmt(joined)}  (of which concatUpdates: ${fmt(joinOnly)}; ${appliedJoined} updates applied)\n` +
      `  identical state: ${same}`,
  );
}
process.exit(0);
