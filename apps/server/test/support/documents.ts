import { yDocFromJSON } from '@tandem/editor';
import * as Y from 'yjs';
import type { PrismaService } from '../../src/infra/prisma.service.js';

// A page's stored document as suites write and read it: blocks of Tiptap JSON in, a Y.Doc out.

export const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

// The Yjs state of a document holding `content`.
export const stateOf = (content: object[]) => Buffer.from(Y.encodeStateAsUpdate(yDocFromJSON({ type: 'doc', content })));

// Replaces a page's persisted document (the row exists: every page gets one when created), with
// its state vector, as every server write keeps them (a join answers with the stored one).
export async function setDocument(prisma: PrismaService, pageId: string, content: object[]): Promise<void> {
  const state = stateOf(content);
  await prisma.document.update({ where: { pageId }, data: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length } });
}

// A page's persisted document and the row's plain text.
export async function readDocument(prisma: PrismaService, pageId: string): Promise<{ doc: Y.Doc; text: string }> {
  const row = await prisma.document.findUniqueOrThrow({ where: { pageId } });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.state);
  return { doc, text: row.text };
}
