import type { Editor } from '@tiptap/react';
import type { Page } from 'playwright-core';
import { waitUntil } from '@tandem/testkit';
import { screenshot } from './browser.js';

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

// Where the editor's own state holds the caret: the top-level block it is in (its index), the depth
// of its block, the offset in it and the block's text. Keys act on this, and it can lag the DOM
// selection for a moment after a click. Tiptap keeps its editor on the editor element.
export const caretOf = (who: Tab) =>
  editorOf(who).evaluate((root) => {
    const { empty, $from } = (root as HTMLElement & { editor: Editor }).editor.state.selection;
    return { empty, block: $from.index(0), depth: $from.depth, offset: $from.parentOffset, text: $from.parent.textContent };
  });

// Puts the caret at the end of the editor's `index`th top-level block and waits until the editor's
// state holds it there (clicking again if a remote update put the old selection back).
export async function caretAtEndOfBlock(who: Tab, index: number): Promise<void> {
  const block = editorOf(who).locator(':scope > *').nth(index);
  await waitUntil(`the caret in block ${index}`, async () => {
    const box = await block.boundingBox();
    await block.click({ position: { x: Math.max(2, (box?.width ?? 8) - 4), y: Math.max(2, (box?.height ?? 8) / 2) } });
    const caret = await caretOf(who);
    return caret.block === index && caret.offset === caret.text.length;
  }, 10_000);
}

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

// A fresh empty line just above the top-level paragraph `text`, the caret in it: where the next
// block goes, never around that paragraph. The caret is put there by a click, not by ArrowUp, and
// Enter waits until the editor's own state holds it at the paragraph's start: the state can lag the
// DOM, and a remote update or caret broadcast landing in between puts the old selection back.
export async function newLineAbove(who: Tab, text: string): Promise<void> {
  const paragraph = editorOf(who).locator(':scope > p', { hasText: text });
  try {
    await paragraph.waitFor({ timeout: 10_000 });
  } catch (error) {
    await screenshot(tab(who), 'new-line-failure');
    throw new Error(`"${text}" is missing; the editor holds: ${await editorOf(who).innerHTML().catch(() => '(no editor)')}`, { cause: error });
  }
  const caretAtStart = async () => {
    // At the very start of its text (a click in the middle of the line would put the caret after it).
    await paragraph.click({ position: { x: 2, y: 6 } });
    await tab(who).keyboard.press('Home');
    const caret = await caretOf(who);
    return caret.empty && caret.depth === 1 && caret.offset === 0 && caret.text === text;
  };
  await waitUntil(`the caret at the start of "${text}"`, caretAtStart, 10_000);
  await tab(who).keyboard.press('Enter');
  const line = paragraph.locator('xpath=preceding-sibling::*[1]');
  await waitUntil(`an empty line above "${text}"`, async () => (await line.evaluate((el) => el.tagName === 'P' && el.textContent === '')) === true, 10_000);
  await line.click();
}

// Types "/query" where the caret is and picks the slash menu's item `id` by keyboard: arrows down
// to it (the query may match others first: "page" offers "Page from template" too), then Enter.
export async function slashCommand(who: Tab, query: string, id: string): Promise<void> {
  await tab(who).keyboard.type(`/${query}`, { delay: 25 });
  const item = tab(who).getByTestId(`slash-item-${id}`);
  await item.waitFor();
  const menuSize = await tab(who).locator('[data-testid^="slash-item-"]').count();
  for (let step = 0; step < menuSize && (await item.getAttribute('aria-selected')) !== 'true'; step++) await tab(who).keyboard.press('ArrowDown');
  if ((await item.getAttribute('aria-selected')) !== 'true') throw new Error(`the slash menu never selected "${id}" for "/${query}"`);
  await tab(who).keyboard.press('Enter');
}

// The document as the editor's own JSON (Tiptap's getJSON): what the person's editor holds, block
// structure, attributes and marks, to compare two pages or two moments.
export const docOf = (who: Tab) => editorOf(who).evaluate((root) => (root as HTMLElement & { editor: Editor }).editor.getJSON());

// Pastes as another app would: a `paste` event whose clipboard holds `html` (and `text`), on the
// editor where the caret is. ProseMirror reads the event's clipboardData as it does a real Ctrl+V.
export async function pasteHTML(who: Tab, html: string, text: string): Promise<void> {
  await editorOf(who).evaluate(
    (root, { html, text }) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', text);
      root.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { html, text },
  );
}

// Opens the page menu (the "⋯" by the page's status). The menu closes when focus moves elsewhere,
// and on a busy machine the editor can still take focus as it finishes loading: click until the
// menu stays open.
export async function openPageMenu(who: Tab): Promise<void> {
  const options = tab(who).getByTestId('page-options');
  await waitUntil('the page menu to open', async () => {
    if (!(await options.isVisible())) {
      await tab(who).getByTestId('page-info-button').click();
      await options.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    return options.isVisible();
  }, 30_000);
}
