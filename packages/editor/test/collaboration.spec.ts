import type { Editor as TiptapEditor } from '@tiptap/core';
import { Window } from 'happy-dom';
import * as Y from 'yjs';

// Editors bound to Yjs need a DOM to draw into: happy-dom's, as the globals ProseMirror reads.
const window = new Window();
const globals = globalThis as Record<string, unknown>;
const installed: string[] = [];
for (const name of ['document', 'navigator', 'Node', 'HTMLElement', 'Element', 'DOMParser', 'getComputedStyle', 'MutationObserver', 'requestAnimationFrame', 'cancelAnimationFrame', 'Text', 'DocumentFragment', 'Range', 'Selection', 'ClipboardEvent', 'DataTransfer', 'Event', 'KeyboardEvent']) {
  if (name in globals) continue;
  globals[name] = (window as unknown as Record<string, unknown>)[name];
  installed.push(name);
}
globals.window = window;
installed.push('window');
// Taken away before Jest's own clean-up, which would otherwise walk happy-dom's objects.
afterAll(async () => {
  for (const name of installed) delete globals[name];
  await window.happyDOM.close();
});
const { Editor } = await import('@tiptap/core');
const { Awareness } = await import('y-protocols/awareness');
const { collaborationExtensions, documentExtensions, DOCUMENT_FIELD } = await import('../src/index.js');

// One person's editor on their own copy of a page's shared document.
function person(name: string): { doc: Y.Doc; editor: TiptapEditor; leave(): void } {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const element = document.createElement('div');
  document.body.appendChild(element);
  const editor = new Editor({
    element,
    extensions: [...documentExtensions(), ...collaborationExtensions({ document: doc, awareness, user: { id: name, name, color: '#d9730d' } })],
  });
  // Awareness keeps a timer (its outdated-state check) until destroyed.
  return { doc, editor, leave: () => (editor.destroy(), awareness.destroy()) };
}

// Two people on one page: each copy's updates reach the other at once, as through the server.
function twoPeople() {
  const ada = person('Ada');
  const bob = person('Bob');
  ada.doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(bob.doc, update, 'relay'));
  bob.doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(ada.doc, update, 'relay'));
  return { ada, bob };
}

const blocks = (editor: TiptapEditor) => editor.getJSON().content!.map((node) => `${node.type}:${editor.schema.nodeFromJSON(node).textContent}`);
const shared = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD).length;
const PASTED = '<h1>Agenda</h1><ul><li><p>Budget</p></li></ul><p>The end.</p>';

describe('a new page whose first edit is undone', () => {
  it('stays empty for everyone, even after carets move, and a redo brings back only the content', () => {
    const { ada, bob } = twoPeople();
    ada.editor.view.pasteHTML(PASTED);
    expect(blocks(bob.editor)).toEqual(['heading:Agenda', 'bulletList:Budget', 'paragraph:The end.']);

    ada.editor.commands.undo();
    // Any transaction used to write each editor's filler line back into the shared document.
    ada.editor.commands.setTextSelection(1);
    bob.editor.commands.setTextSelection(1);
    expect([shared(ada.doc), shared(bob.doc)]).toEqual([0, 0]);
    expect(blocks(ada.editor)).toEqual(['paragraph:']);
    expect(blocks(bob.editor)).toEqual(['paragraph:']);

    ada.editor.commands.redo();
    expect(blocks(ada.editor)).toEqual(['heading:Agenda', 'bulletList:Budget', 'paragraph:The end.']);
    expect(blocks(bob.editor)).toEqual(['heading:Agenda', 'bulletList:Budget', 'paragraph:The end.']);
    for (const someone of [ada, bob]) someone.leave();
  });

  it('keeps what someone types into the empty line', () => {
    const { ada, bob } = twoPeople();
    ada.editor.view.pasteHTML(PASTED);
    ada.editor.commands.undo();
    bob.editor.commands.setTextSelection(1);
    bob.editor.commands.insertContent('Hello');
    expect(shared(ada.doc)).toBe(1);
    expect(blocks(ada.editor)).toEqual(['paragraph:Hello']);
    for (const someone of [ada, bob]) someone.leave();
  });
});

describe('a paste', () => {
  it('is an undo step of its own, apart from what was typed just before and just after it', () => {
    const { ada, bob } = twoPeople();
    // Left in a finally: an editor left open keeps Jest from exiting when an expectation fails.
    try {
      ada.editor.commands.insertContent('Before');
      const typed = blocks(bob.editor);
      // All within the UndoManager's 500 ms grouping: without the paste's own step, one undo took all.
      ada.editor.view.pasteHTML(PASTED);
      const pasted = blocks(bob.editor);
      ada.editor.commands.insertContent(' after');
      expect(blocks(bob.editor)).not.toEqual(pasted);

      ada.editor.commands.undo();
      expect(blocks(bob.editor)).toEqual(pasted);
      ada.editor.commands.undo();
      expect(blocks(bob.editor)).toEqual(typed);
      ada.editor.commands.undo();
      expect(blocks(bob.editor)).toEqual(['paragraph:']);
      ada.editor.commands.redo();
      ada.editor.commands.redo();
      expect(blocks(ada.editor)).toEqual(pasted);
    } finally {
      for (const someone of [ada, bob]) someone.leave();
    }
  });
});
