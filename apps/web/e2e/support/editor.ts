import type { Editor } from '@tiptap/react';
import type { Page } from 'playwright-core';

// What the browser suites do to and read from a page's editor, as a person would. Each takes a
// browser tab or a person (who has one).
type Tab = Page | { page: Page };
const tab = (who: Tab): Page => ('page' in who && typeof who.page !== 'function' ? who.page : (who as Page));

export const editorOf = (who: Tab) => tab(who).getByTestId('page-editor');

// Opens a page and waits for its editor (and, when given, for a paragraph holding `text`: the
// document has synced, not only mounted).
export async function openPage(who: Tab, workspaceId: string, pageId: string, text?: string): Promise<void> {
  await tab(who).goto(`/w/${workspaceId}/p/${pageId}`);
  await editorOf(who).waitFor();
  if (text) await editorOf(who).locator('p', { hasText: text }).first().waitFor();
}

// The document's text, one line per block, without other people's caret labels (they are widgets
// inside the editor's DOM, not content).
export const editorText = (who: Tab) =>
  editorOf(who).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return [...copy.children].map((block) => block.textContent ?? '').join('\n');
  });

// Where the editor's own state holds the caret: the depth of its block, the offset in it and the
// block's text. Keys act on this, and it can lag the DOM selection for a moment after a click.
// Tiptap keeps its editor on the editor element.
export const caretOf = (who: Tab) =>
  editorOf(who).evaluate((root) => {
    const { empty, $from } = (root as HTMLElement & { editor: Editor }).editor.state.selection;
    return { empty, depth: $from.depth, offset: $from.parentOffset, text: $from.parent.textContent };
  });

export const saveStatus = (who: Tab) => tab(who).getByTestId('save-status').getAttribute('data-state');

export async function typeAtEnd(who: Tab, text: string): Promise<void> {
  const editor = editorOf(who);
  // Click right of the last line's end (keys like End can stop at another person's caret widget).
  const box = await editor.boundingBox();
  await editor.click({ position: { x: Math.max(4, (box?.width ?? 8) - 4), y: Math.max(4, (box?.height ?? 8) - 4) } });
  await tab(who).keyboard.type(text, { delay: 15 });
}

// Selects `text` in the editor as a person dragging over it would (a DOM selection the editor reads).
export async function selectText(who: Tab, text: string): Promise<void> {
  const editor = editorOf(who);
  await editor.focus();
  await editor.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${wanted}" is not in the editor`);
  }, text);
}
