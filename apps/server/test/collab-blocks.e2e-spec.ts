import { DOCUMENT_FIELD, parseDocumentJSON, yDocToJSON, yDocToText } from '@tandem/editor';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { api, type Client, collabEnv, CollabWorld, savedAll, synced } from './support/collab/fixtures.js';
import { paragraph } from './support/documents.js';

// Two people editing inside a toggle (issue 18) at the same time, through the real server, worker,
// Postgres and Redis. The clients change the Yjs tree the way the editor binding does (text inside
// the paragraph's Y.XmlText, a new paragraph element inside the toggle's content), concurrently.
describe('collaboration inside blocks', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ PERSIST_INTERVAL_MS: '200' }));
  });

  afterAll(() => world?.close());

  const toggle = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement;
  const toggleContent = (doc: Y.Doc) => toggle(doc).get(1) as Y.XmlElement;
  const firstParagraphText = (doc: Y.Doc) => (toggleContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;

  it('two editors typing inside one toggle converge to a valid document that search can read', async () => {
    const content = {
      type: 'doc',
      content: [
        {
          type: 'details',
          content: [
            { type: 'detailsSummary', content: [{ type: 'text', text: 'Decisions' }] },
            { type: 'detailsContent', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ship it' }] }] },
          ],
        },
        { type: 'callout', attrs: { emoji: '💡', color: 'yellow' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'note' }] }] },
      ],
    };
    const res = await api(world.serverUrl(), world.owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { title: 'Toggle', content: { kind: 'json', content } });
    expect(res.status).toBe(201);
    const pageId = ((await res.json()) as { id: string }).id;

    const [ada, bob]: [Client, Client] = await Promise.all([world.client(pageId), world.client(pageId)]);
    await synced(ada, bob);
    expect(toggle(ada.doc).nodeName).toBe('details');

    // At once, without waiting for each other: Ada types at the start of the toggle's paragraph,
    // Bob at its end and then adds a paragraph of his own inside the toggle.
    firstParagraphText(ada.doc).insert(0, 'Ada: ');
    const bobsText = firstParagraphText(bob.doc);
    bobsText.insert(bobsText.length, ' on Friday');
    bob.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Bob: and tell support')]);
      toggleContent(bob.doc).insert(1, [paragraph]);
    });

    await waitUntil(
      'both documents to hold both edits',
      async () => [ada, bob].every((c) => yDocToText(c.doc).includes('Ada: ship it on Friday') && yDocToText(c.doc).includes('Bob: and tell support')),
      20_000,
    );
    expect(yDocToJSON(ada.doc)).toEqual(yDocToJSON(bob.doc));
    // Still a document of the schema: the edits stayed inside the toggle.
    const node = parseDocumentJSON(yDocToJSON(ada.doc));
    expect(node.firstChild?.type.name).toBe('details');
    expect(node.firstChild?.lastChild?.childCount).toBe(2);
    expect(yDocToText(ada.doc)).toBe('Decisions\nAda: ship it on Friday\nBob: and tell support\nnote');

    // Postgres gets the merged document and its search text.
    await savedAll(ada, bob);
    await waitUntil(
      'the search text to include both edits',
      async () => (await world.prisma.document.findUnique({ where: { pageId } }))?.text?.includes('Bob: and tell support') ?? false,
      20_000,
    );
    const row = await world.prisma.document.findUniqueOrThrow({ where: { pageId } });
    const stored = new Y.Doc();
    Y.applyUpdate(stored, row.state);
    expect(yDocToJSON(stored)).toEqual(yDocToJSON(ada.doc));
    expect(row.text).toBe('Decisions\nAda: ship it on Friday\nBob: and tell support\nnote');
  });

  it('two editors typing in different columns, one resizing, converge; Postgres keeps the row', async () => {
    const content = {
      type: 'doc',
      content: [{ type: 'columns', content: [{ type: 'column', attrs: { width: 1 }, content: [paragraph('Pros')] }, { type: 'column', attrs: { width: 1 }, content: [paragraph('Cons')] }] }],
    };
    const res = await api(world.serverUrl(), world.owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { title: 'Columns', content: { kind: 'json', content } });
    expect(res.status).toBe(201);
    const pageId = ((await res.json()) as { id: string }).id;
    const [ada, bob]: [Client, Client] = await Promise.all([world.client(pageId), world.client(pageId)]);
    await synced(ada, bob);

    const column = (doc: Y.Doc, index: number) => (doc.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement).get(index) as Y.XmlElement;
    const textIn = (doc: Y.Doc, index: number) => (column(doc, index).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    // At once: Ada writes in the left column and widens it, Bob writes in the right one and adds a line.
    ada.doc.transact(() => {
      textIn(ada.doc, 0).insert(4, ': fast');
      column(ada.doc, 0).setAttribute('width', 1.6 as unknown as string);
      column(ada.doc, 1).setAttribute('width', 0.4 as unknown as string);
    });
    bob.doc.transact(() => {
      textIn(bob.doc, 1).insert(4, ': new');
      const line = new Y.XmlElement('paragraph');
      line.insert(0, [new Y.XmlText('Bob was here')]);
      column(bob.doc, 1).insert(1, [line]);
    });

    const expected = 'Pros: fast\nCons: new\nBob was here';
    await waitUntil('both documents to hold both edits', async () => [ada, bob].every((c) => yDocToText(c.doc) === expected), 20_000);
    expect(yDocToJSON(ada.doc)).toEqual(yDocToJSON(bob.doc));
    const node = parseDocumentJSON(yDocToJSON(ada.doc));
    expect(node.firstChild?.type.name).toBe('columns');
    expect([node.firstChild?.child(0).attrs.width, node.firstChild?.child(1).attrs.width]).toEqual([1.6, 0.4]);

    await savedAll(ada, bob);
    await waitUntil('the search text to hold both columns', async () => (await world.prisma.document.findUnique({ where: { pageId } }))?.text === expected, 20_000);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await world.prisma.document.findUniqueOrThrow({ where: { pageId } })).state);
    expect(yDocToJSON(stored)).toEqual(yDocToJSON(ada.doc));
  });
});
