import type { Page } from 'playwright-core';

// Selects `text` in the page's editor as a person dragging over it would (a DOM selection the
// editor reads).
export async function selectText(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('page-editor');
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
