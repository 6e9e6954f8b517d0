// W4: time to `synced` when joining a large page, cold (the server loads it from Postgres) and warm
// (another client has it open).
import * as Y from 'yjs';
import { closeAll, sleep } from '../load.js';
import { summarize, type Summary } from '../stats.js';
import type { BenchClient, Target } from '../targets/target.js';

export interface JoinRow {
  target: string;
  paragraphs: number;
  stateBytes: number;
  cold?: Summary;
  warm?: Summary;
}

// A Tiptap-shaped document: `paragraphs` paragraphs in the "default" XML fragment.
export function largeDocument(paragraphs: number): Uint8Array {
  const doc = new Y.Doc();
  const nodes: Y.XmlElement[] = [];
  for (let i = 0; i < paragraphs; i++) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(`Paragraph ${i}: the quick brown fox jumps over the lazy dog.`)]);
    nodes.push(p);
  }
  doc.getXmlFragment('default').insert(0, nodes);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

async function timedJoin(target: Target, page: string, paragraphs: number): Promise<{ ms: number; client: BenchClient }> {
  const doc = new Y.Doc();
  const t0 = performance.now();
  const client = await target.connect(page, doc);
  const ms = performance.now() - t0;
  const got = doc.getXmlFragment('default').length;
  if (got !== paragraphs) throw new Error(`${target.name}: joined with ${got} of ${paragraphs} paragraphs`);
  return { ms, client };
}

export async function runW4(target: Target, o: { paragraphs: number; samples: number }): Promise<JoinRow | null> {
  if (!target.servesState) return null;
  const state = largeDocument(o.paragraphs);
  const row: JoinRow = { target: target.name, paragraphs: o.paragraphs, stateBytes: state.length };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let s = 0; s < o.samples; s++) {
    const page = await target.newPage();
    const open: BenchClient[] = [];
    try {
      if (target.persistence) {
        await target.persistence.seed(page, state);
        const first = await timedJoin(target, page, o.paragraphs);
        cold.push(first.ms);
        open.push(first.client);
      } else {
        // No persistence: a client holding the content uploads it, then leaves its copy open.
        const seeded = new Y.Doc();
        Y.applyUpdate(seeded, state);
        open.push(await target.connect(page, seeded));
        await sleep(500);
      }
      const second = await timedJoin(target, page, o.paragraphs);
      warm.push(second.ms);
      open.push(second.client);
    } finally {
      await closeAll(open);
    }
  }
  if (cold.length) row.cold = summarize(cold);
  row.warm = summarize(warm);
  return row;
}
