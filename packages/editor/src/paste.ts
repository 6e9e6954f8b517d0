import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/**
 * HTML from other apps (Google Docs, Microsoft Word, Notion), reshaped before the schema's parse
 * rules read it: what those apps mean by their markup, not what it literally says. The same function
 * runs on paste (the editor) and on import (`yDocFromHTML`), so both read a document alike.
 *
 * Our own clipboard HTML (ProseMirror's, `data-pm-slice`) is left as it is: a copy between Tandem
 * pages must keep every block, empty paragraphs included.
 */
export function cleanForeignHTML(body: HTMLElement): void {
  if (body.querySelector('[data-pm-slice]')) return;
  const html = body.innerHTML;
  const word = /class="?Mso|mso-|urn:schemas-microsoft-com/i.test(html);
  const googleDocs = /docs-internal-guid/.test(html);
  removeComments(body);
  for (const junk of body.querySelectorAll('style, meta, link, title, script, xml')) junk.remove();
  if (word) cleanWord(body);
  if (googleDocs) cleanGoogleDocs(body);
  cleanNotion(body);
  // Both apps separate blocks with empty paragraphs (Word's `<o:p>&nbsp;</o:p>`, Docs' `<br>`):
  // spacing is the theme's job here, and empty lines pasted in are junk to delete by hand.
  if (word || googleDocs) removeEmptyParagraphs(body);
}

/** The string form, for a DOMParser of the caller's (the browser's own, or happy-dom's on the server). */
export function cleanForeignHTMLString(html: string, parser: { parseFromString(html: string, type: 'text/html'): Document }): string {
  const doc = parser.parseFromString(html, 'text/html');
  cleanForeignHTML(doc.body);
  return doc.body.innerHTML;
}

/** The editor's side: every paste of HTML goes through cleanForeignHTML first. */
export const ForeignPaste = Extension.create({
  name: 'foreignPaste',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('foreignPaste'),
        props: {
          transformPastedHTML: (html) => (typeof DOMParser === 'undefined' ? html : cleanForeignHTMLString(html, new DOMParser())),
        },
      }),
    ];
  },
});

function removeComments(root: HTMLElement): void {
  const doc = root.ownerDocument;
  // 128 = NodeFilter.SHOW_COMMENT (the constant is not global on the server's DOM).
  const walker = doc.createTreeWalker(root, 128);
  const comments: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) comments.push(node);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

function unwrap(element: Element): void {
  element.replaceWith(...Array.from(element.childNodes));
}

const styleOf = (element: Element) => (element.getAttribute('style') ?? '').replace(/\s+/g, '').toLowerCase();

// ---------------------------------------------------------------------------------------------
// Microsoft Word

/** An ordered list's marker as Word writes it: "1.", "a)", "iv.", "(2)". Anything else is a bullet. */
const ORDERED_MARKER = /^\(?([0-9]+|[a-z]|[ivxlcdm]+)[.)]/i;

function cleanWord(body: HTMLElement): void {
  // Office namespaces (<o:p>, <w:...>, <v:...>) carry nothing a reader sees but nbsp spacers.
  for (const element of Array.from(body.querySelectorAll('*'))) {
    if (element.tagName.includes(':')) element.remove();
  }
  for (const title of body.querySelectorAll('p.MsoTitle')) renameElement(title, 'h1');
  for (const subtitle of body.querySelectorAll('p.MsoSubtitle')) renameElement(subtitle, 'h2');
  wordLists(body);
}

/**
 * Word writes a list as paragraphs, each with `mso-list: l0 level2 lfo1` and its bullet or number
 * as text in a `mso-list: Ignore` span (behind `<![if !supportLists]>`, a comment to browsers). Runs
 * of such paragraphs become real nested lists; the marker decides bullet or numbered.
 */
function wordLists(body: HTMLElement): void {
  const doc = body.ownerDocument;
  const items: Element[] = Array.from(body.querySelectorAll('p')).filter((p) => /mso-list:l\d+level\d+/.test(styleOf(p)));
  const seen = new Set<Element>();
  for (const first of items) {
    if (seen.has(first)) continue;
    // The run: this paragraph and the list paragraphs right after it.
    const run: Element[] = [first];
    for (let next = nextElement(first); next && items.includes(next); next = nextElement(next)) run.push(next);
    run.forEach((p) => seen.add(p));

    // The open lists, outermost first: each with its level and its latest item (where a deeper list goes).
    const stack: { level: number; list: HTMLElement; item: HTMLElement | null }[] = [];
    const placeholder = doc.createElement('div');
    first.before(placeholder);
    for (const paragraph of run) {
      const level = Number(/level(\d+)/.exec(styleOf(paragraph))?.[1] ?? 1);
      const markers = Array.from(paragraph.querySelectorAll('span')).filter((span) => /mso-list:ignore/.test(styleOf(span)));
      const marker = (markers[0]?.textContent ?? '').replace(/\u00a0/g, ' ').trim();
      markers.forEach((span) => span.remove());
      const ordered = ORDERED_MARKER.test(marker);
      while (stack.length > 0 && stack[stack.length - 1]!.level > level) stack.pop();
      let frame = stack[stack.length - 1];
      if (!frame || frame.level < level) {
        const list = doc.createElement(ordered ? 'ol' : 'ul');
        const parent = frame?.item ?? placeholder;
        parent.appendChild(list);
        frame = { level, list, item: null };
        stack.push(frame);
      }
      const item = doc.createElement('li');
      const text = doc.createElement('p');
      text.append(...Array.from(paragraph.childNodes));
      item.appendChild(text);
      frame.list.appendChild(item);
      frame.item = item;
      paragraph.remove();
    }
    unwrap(placeholder);
  }
}

function nextElement(element: Element): Element | null {
  let next = element.nextSibling;
  // Whitespace text between Word's paragraphs does not end a list.
  while (next && next.nodeType === 3 && !(next.textContent ?? '').trim()) next = next.nextSibling;
  return next && next.nodeType === 1 ? (next as Element) : null;
}

function renameElement(element: Element, tag: string): void {
  const renamed = element.ownerDocument.createElement(tag);
  renamed.append(...Array.from(element.childNodes));
  element.replaceWith(renamed);
}

// ---------------------------------------------------------------------------------------------
// Google Docs

function cleanGoogleDocs(body: HTMLElement): void {
  // The whole clip sits in `<b style="font-weight:normal" id="docs-internal-guid-…">`: not bold.
  for (const wrapper of body.querySelectorAll('b[id^="docs-internal-guid"]')) unwrap(wrapper);
  // Line breaks between blocks (after lists and tables) are spacing, not empty lines.
  for (const br of Array.from(body.querySelectorAll('br'))) {
    if (br.parentElement === body) br.remove();
  }
  // A checklist is a list whose items are checkboxes (`role="checkbox"`, `aria-checked`), each
  // drawn with an image of a box: a task list, without the images.
  for (const list of body.querySelectorAll('ul')) {
    const items = Array.from(list.children).filter((child) => child.tagName === 'LI');
    if (items.length === 0 || !items.every((item) => item.getAttribute('role') === 'checkbox')) continue;
    list.setAttribute('data-type', 'taskList');
    for (const item of items) {
      item.setAttribute('data-type', 'taskItem');
      item.setAttribute('data-checked', item.getAttribute('aria-checked') === 'true' ? 'true' : 'false');
      for (const image of item.querySelectorAll('img')) image.remove();
      // Docs strikes a done item through; here the ticked box says so, and the strike would stay
      // after unticking it.
      for (const span of item.querySelectorAll('span')) span.style.removeProperty('text-decoration');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Notion

function cleanNotion(body: HTMLElement): void {
  // A toggle comes as `<ul class="toggle"><li><details>`: the details is the block, not a bullet.
  for (const list of Array.from(body.querySelectorAll('ul.toggle'))) {
    const details = Array.from(list.querySelectorAll(':scope > li > details'));
    if (details.length === 0) continue;
    list.replaceWith(...details);
  }
  // Code blocks name their language as Notion spells it ("language-JavaScript"); ours are lower case.
  for (const code of body.querySelectorAll('pre > code[class*="language-"]')) {
    code.className = code.className.replace(/language-(\S+)/, (_, language: string) => `language-${language.toLowerCase().replace(/\s+/g, '')}`);
  }
}

function removeEmptyParagraphs(body: HTMLElement): void {
  for (const paragraph of Array.from(body.querySelectorAll('p, h1, h2, h3, h4, h5, h6'))) {
    if (paragraph.closest('li, td, th')) continue;
    if ((paragraph.textContent ?? '').replace(/[\s\u00a0]/g, '') !== '') continue;
    if (paragraph.querySelector('img, iframe')) continue;
    paragraph.remove();
  }
}
