import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { DocumentRepository, type PersistWrite } from '../src/documents/document.repository.js';
import type { PrismaService } from '../src/infra/prisma.service.js';
import { prismaClient } from './support/collab/fixtures.js';

// "An older merge can never overwrite a newer one": two merges start from the same persisted
// position; the newer one writes first; the older one's write must be refused and change nothing.
describe('the guarded Document write', () => {
  const prisma = prismaClient();
  const documents = new DocumentRepository(prisma as unknown as PrismaService);

  afterAll(() => prisma.$disconnect());

  const stateOf = (text: string) => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, text);
    return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
  };
  const write = (text: string, persistedUpTo: string): PersistWrite => ({ ...stateOf(text), persistedUpTo, text, firstImage: null, updates: 1, authorIds: [], snapshotDue: false });

  const pageWithDocument = async (persistedUpTo: string | null) => {
    const owner = await prisma.user.create({ data: { email: `guarded-${randomBytes(6).toString('hex')}@example.test`, name: 'Guard', passwordHash: 'x' } });
    const workspace = await prisma.workspace.create({ data: { name: 'Guarded', members: { create: { userId: owner.id, role: 'owner' } } } });
    const page = await prisma.page.create({ data: { workspaceId: workspace.id, title: 'Guarded', position: 'a0' } });
    if (persistedUpTo !== null) {
      const { state, stateVector } = stateOf('base');
      await prisma.document.create({ data: { pageId: page.id, state: Buffer.from(state), stateVector: Buffer.from(stateVector), size: state.byteLength, persistedUpTo, text: 'base' } });
    }
    return page.id;
  };
  const row = (pageId: string) => prisma.document.findUniqueOrThrow({ where: { pageId }, select: { persistedUpTo: true, text: true, updatesSinceSnapshot: true } });

  it('refuses a stale single write: the newer merge stays', async () => {
    const pageId = await pageWithDocument('100-0');
    expect(await documents.guardedWrite(pageId, '100-0', write('newer', '300-0'))).toBe('written');
    // The older merge read the row at 100-0 and merged up to 200-0: it is too late.
    expect(await documents.guardedWrite(pageId, '100-0', write('older', '200-0'))).toBe('stale');
    expect(await row(pageId)).toEqual({ persistedUpTo: '300-0', text: 'newer', updatesSinceSnapshot: 1 });
  });

  it("refuses a first write (no row expected) once another merge created the row", async () => {
    const pageId = await pageWithDocument(null);
    expect(await documents.guardedWrite(pageId, null, write('newer', '300-0'))).toBe('written');
    expect(await documents.guardedWrite(pageId, null, write('older', '200-0'))).toBe('stale');
    expect(await row(pageId)).toMatchObject({ persistedUpTo: '300-0', text: 'newer' });
  });

  it('refuses the stale rows of a batched write and writes the others', async () => {
    const [fresh, raced] = [await pageWithDocument('100-0'), await pageWithDocument('100-0')];
    expect(await documents.guardedWrite(raced, '100-0', write('newer', '300-0'))).toBe('written');
    const written = await documents.guardedWriteMany([
      { pageId: fresh, expectedUpTo: '100-0', write: write('batched', '200-0') },
      { pageId: raced, expectedUpTo: '100-0', write: write('older', '200-0') },
    ]);
    expect([...written]).toEqual([fresh]);
    expect(await row(fresh)).toEqual({ persistedUpTo: '200-0', text: 'batched', updatesSinceSnapshot: 1 });
    expect(await row(raced)).toEqual({ persistedUpTo: '300-0', text: 'newer', updatesSinceSnapshot: 1 });
  });
});
