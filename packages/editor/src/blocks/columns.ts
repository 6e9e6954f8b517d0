import { type JSONContent, Node, mergeAttributes } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorView, NodeView } from '@tiptap/pm/view';

export const MIN_COLUMNS = 2;
export const MAX_COLUMNS = 4;
/** A column's share of the row is its `width` over the row's sum; none may shrink below this share. */
export const MIN_COLUMN_SHARE = 0.1;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    columns: {
      /** Inserts a row of `count` (2–4) empty columns of equal width. */
      insertColumns: (count: number) => ReturnType;
    };
  }
}

/** A column's width attribute, made safe: a positive finite number (1 = an equal share). */
export function columnWidth(value: unknown): number {
  const width = typeof value === 'number' ? value : Number.parseFloat(String(value));
  return Number.isFinite(width) && width > 0 && width <= 100 ? Math.round(width * 1000) / 1000 : 1;
}

/**
 * Side-by-side columns (2–4), each holding any blocks. Widths are per column (`width`, a share of
 * the row: 1 each by default), so two people resizing different borders never overwrite each
 * other's whole row. HTML: `<div data-type="columns">` around `<div data-type="column" data-width>`.
 * Markdown has no columns: a row is written as its columns' blocks, left to right, one after the
 * other (and so reads back as plain blocks).
 */
export const Columns = Node.create({
  name: 'columns',
  group: 'block',
  content: `column{${MIN_COLUMNS},${MAX_COLUMNS}}`,
  defining: true,
  isolating: true,
  draggable: true,

  parseHTML() {
    return [{ tag: 'div[data-type="columns"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes({ 'data-type': 'columns' }, HTMLAttributes), 0];
  },

  renderMarkdown: (node: JSONContent, helpers) => (node.content ?? []).map((column) => helpers.renderChildren(column.content ?? [], '\n\n')).filter(Boolean).join('\n\n'),

  addCommands() {
    return {
      insertColumns:
        (count) =>
        ({ commands }) => {
          if (!Number.isInteger(count) || count < MIN_COLUMNS || count > MAX_COLUMNS) return false;
          const column = { type: 'column', attrs: { width: 1 }, content: [{ type: 'paragraph' }] };
          return commands.insertContent({ type: this.name, content: Array.from({ length: count }, () => column) });
        },
    };
  },
});

export const Column = Node.create({
  name: 'column',
  content: 'block+',
  isolating: true,

  addAttributes() {
    return {
      width: {
        default: 1,
        parseHTML: (el) => columnWidth(el.getAttribute('data-width')),
        renderHTML: (attrs) => ({ 'data-width': columnWidth(attrs.width), style: `flex: ${columnWidth(attrs.width)} 1 0` }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'div[data-type="column"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes({ 'data-type': 'column' }, HTMLAttributes), 0];
  },

  renderMarkdown: (node: JSONContent, helpers) => helpers.renderChildren(node.content ?? [], '\n\n'),
});

/**
 * The row's node view with resize handles between columns (editable editors only): dragging a
 * border moves width from one neighbour to the other, and writes just those two columns' widths.
 */
export function columnsNodeView(): (props: { node: ProseMirrorNode; view: EditorView; getPos: () => number | undefined }) => NodeView {
  return ({ node: initial, view, getPos }) => {
    let node = initial;
    // The row itself is the content element (the same `div[data-type=columns]` the HTML has, so one
    // stylesheet serves both); the wrapper only carries the handles.
    const dom = document.createElement('div');
    dom.setAttribute('data-columns-wrap', '');
    const contentDOM = document.createElement('div');
    contentDOM.setAttribute('data-type', 'columns');
    dom.append(contentDOM);
    const handles = document.createElement('div');
    handles.setAttribute('data-columns-handles', '');
    handles.contentEditable = 'false';
    dom.append(handles);

    const layout = () => {
      handles.replaceChildren();
      if (!view.editable) return;
      const columns = [...contentDOM.children] as HTMLElement[];
      const rowBox = dom.getBoundingClientRect();
      columns.slice(0, -1).forEach((column, index) => {
        const handle = document.createElement('div');
        handle.setAttribute('data-column-handle', String(index));
        handle.setAttribute('role', 'separator');
        handle.setAttribute('aria-label', `Resize columns ${index + 1} and ${index + 2}`);
        handle.style.left = `${column.getBoundingClientRect().right - rowBox.left}px`;
        handle.addEventListener('pointerdown', (event) => startDrag(event, index));
        handles.append(handle);
      });
    };

    const startDrag = (event: PointerEvent, index: number) => {
      event.preventDefault();
      const columns = [...contentDOM.children] as HTMLElement[];
      const left = columns[index]!.getBoundingClientRect();
      const right = columns[index + 1]!.getBoundingClientRect();
      const pairWidth = left.width + right.width;
      const widths = Array.from({ length: node.childCount }, (_, i) => columnWidth(node.child(i).attrs.width));
      const pairShare = widths[index]! + widths[index + 1]!;
      const total = widths.reduce((sum, w) => sum + w, 0);
      const min = MIN_COLUMN_SHARE * total;
      const onMove = (move: PointerEvent) => {
        const fraction = Math.min(Math.max((move.clientX - left.left) / pairWidth, 0), 1);
        const leftShare = Math.min(Math.max(fraction * pairShare, min), pairShare - min);
        columns[index]!.style.flex = `${leftShare} 1 0`;
        columns[index + 1]!.style.flex = `${pairShare - leftShare} 1 0`;
        widths[index] = leftShare;
        widths[index + 1] = pairShare - leftShare;
      };
      const onUp = () => {
        window.removeEventListener('pointermove', onMove);
        window.removeEventListener('pointerup', onUp);
        const pos = getPos();
        if (pos === undefined) return;
        const tr = view.state.tr;
        let at = pos + 1;
        node.forEach((column, _offset, i) => {
          if (i === index || i === index + 1) tr.setNodeMarkup(at, undefined, { ...column.attrs, width: columnWidth(widths[i]) });
          at += column.nodeSize;
        });
        if (tr.docChanged) view.dispatch(tr);
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
    };

    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => layout());
    observer?.observe(dom);
    queueMicrotask(layout);

    return {
      dom,
      contentDOM,
      update: (next) => {
        if (next.type !== node.type) return false;
        node = next;
        queueMicrotask(layout);
        return true;
      },
      // The handles' pointer events are the view's own, never a selection or a block drag.
      stopEvent: (event) => handles.contains(event.target as globalThis.Node | null),
      ignoreMutation: (mutation) => handles.contains(mutation.target) || mutation.target === handles,
      destroy: () => observer?.disconnect(),
    };
  };
}
