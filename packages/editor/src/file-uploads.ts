import { Extension } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { fileContentUrl, formatFileSize } from './files.js';

// Pasting, dropping or picking files (issue 16). While a file uploads, the document is not touched:
// a placeholder (a widget decoration, local to this editor) shows the name and progress where the
// block will go, so no one else sees half-made blocks and nothing half-made is ever stored. When
// the server answers, the block is inserted at the placeholder's (mapped) position in one ordinary
// transaction, which is what undo then removes. A failed upload keeps its placeholder with the
// reason, Retry and Remove.

/** What the app's upload call resolves with (the server's FileView, in part). */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  mime: string;
  disposition: 'inline' | 'attachment';
  width: number | null;
  height: number | null;
}

/** The app's upload: send the file, report progress (0..1), reject with an Error whose message a
 * person can act on. */
export type UploadFile = (file: File, onProgress: (fraction: number) => void, signal: AbortSignal) => Promise<UploadedFile>;

export interface FileUploadsOptions {
  upload: UploadFile | null;
}

interface PendingUpload {
  id: string;
  pos: number;
  file: File;
  dom: HTMLElement;
  controller: AbortController;
}

type Meta = { add: PendingUpload } | { remove: string };

const key = new PluginKey<DecorationSet>('fileUploads');

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    fileUploads: {
      /** Uploads the files and inserts a block for each at `pos` (default: the selection). */
      uploadFiles: (files: readonly File[], pos?: number) => ReturnType;
    };
  }
}

let counter = 0;

export const FileUploads = Extension.create<FileUploadsOptions>({
  name: 'fileUploads',

  addOptions() {
    return { upload: null };
  },

  addCommands() {
    return {
      uploadFiles:
        (files, pos) =>
        ({ view, state }) => {
          if (!this.options.upload || !files.length || !view.editable) return false;
          const at = pos ?? blockBoundary(state);
          for (const file of files) startUpload(view, this.options.upload, file, at);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    const upload = () => this.options.upload;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            let next = set.map(tr.mapping, tr.doc);
            const meta = tr.getMeta(key) as Meta | undefined;
            if (meta && 'add' in meta) next = next.add(tr.doc, [Decoration.widget(meta.add.pos, meta.add.dom, { id: meta.add.id, key: meta.add.id, side: -1 })]);
            if (meta && 'remove' in meta) next = next.remove(next.find(undefined, undefined, (spec) => spec.id === meta.remove));
            return next;
          },
        },
        props: {
          decorations: (state) => key.getState(state),
          handlePaste(view, event) {
            const files = [...(event.clipboardData?.files ?? [])];
            const fn = upload();
            if (!files.length || !fn || !view.editable) return false;
            const at = blockBoundary(view.state);
            for (const file of files) startUpload(view, fn, file, at);
            return true;
          },
          handleDrop(view, event) {
            const files = [...(event.dataTransfer?.files ?? [])];
            const fn = upload();
            if (!files.length || !fn || !view.editable) return false;
            const dropped = view.posAtCoords({ left: event.clientX, top: event.clientY });
            event.preventDefault();
            const at = dropped ? boundaryAt(view.state, dropped.pos) : blockBoundary(view.state);
            for (const file of files) startUpload(view, fn, file, at);
            return true;
          },
        },
      }),
    ];
  },
});

// Where a new block goes: after the block holding the selection (or at the document's end).
function blockBoundary(state: EditorState): number {
  return boundaryAt(state, state.selection.to);
}

function boundaryAt(state: EditorState, pos: number): number {
  const $pos = state.doc.resolve(Math.min(pos, state.doc.content.size));
  return $pos.depth === 0 ? $pos.pos : $pos.after(1);
}

function findPos(state: EditorState, id: string): number | null {
  const found = key.getState(state)?.find(undefined, undefined, (spec) => spec.id === id);
  return found?.[0]?.from ?? null;
}

function startUpload(view: EditorView, upload: UploadFile, file: File, pos: number): void {
  const id = `upload-${++counter}`;
  const pending: PendingUpload = { id, pos, file, dom: placeholder(file), controller: new AbortController() };
  view.dispatch(view.state.tr.setMeta(key, { add: pending } satisfies Meta).setMeta('addToHistory', false));
  run(view, upload, pending);
}

function run(view: EditorView, upload: UploadFile, pending: PendingUpload): void {
  const { dom, file } = pending;
  const bar = dom.querySelector<HTMLElement>('[data-upload-bar]')!;
  const status = dom.querySelector<HTMLElement>('[data-upload-status]')!;
  const actions = dom.querySelector<HTMLElement>('[data-upload-actions]')!;
  dom.dataset.state = 'uploading';
  dom.setAttribute('aria-busy', 'true');
  status.textContent = 'Uploading… 0%';
  bar.style.width = '0%';
  actions.replaceChildren(button('Cancel', () => remove(view, pending)));
  upload(
    file,
    (fraction) => {
      const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
      bar.style.width = `${percent}%`;
      status.textContent = `Uploading… ${percent}%`;
    },
    pending.controller.signal,
  ).then(
    (uploaded) => {
      if (view.isDestroyed) return;
      const at = findPos(view.state, pending.id);
      if (at === null) return;
      const { schema } = view.state;
      const node =
        uploaded.disposition === 'inline'
          ? schema.nodes.image!.create({ src: fileContentUrl(uploaded.id), fileId: uploaded.id, alt: altFrom(uploaded.name) })
          : schema.nodes.fileAttachment!.create({ fileId: uploaded.id, name: uploaded.name, size: uploaded.size, mime: uploaded.mime });
      const tr: Transaction = view.state.tr.insert(at, node).setMeta(key, { remove: pending.id } satisfies Meta);
      view.dispatch(tr);
    },
    (error: unknown) => {
      if (view.isDestroyed || pending.controller.signal.aborted) return;
      dom.dataset.state = 'failed';
      dom.removeAttribute('aria-busy');
      dom.setAttribute('role', 'alert');
      status.textContent = `Upload failed: ${error instanceof Error ? error.message : 'something went wrong.'}`;
      actions.replaceChildren(
        button('Retry', () => {
          dom.removeAttribute('role');
          pending.controller = new AbortController();
          run(view, upload, pending);
        }),
        button('Remove', () => remove(view, pending)),
      );
    },
  );
}

function remove(view: EditorView, pending: PendingUpload): void {
  pending.controller.abort();
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, { remove: pending.id } satisfies Meta).setMeta('addToHistory', false));
}

// "holiday-photo.png" → "holiday photo": a starting alt text people can edit.
function altFrom(name: string): string {
  return name.replace(/\.[a-z0-9]{1,8}$/i, '').replace(/[-_]+/g, ' ').trim();
}

function placeholder(file: File): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'tandem-upload';
  dom.contentEditable = 'false';
  dom.dataset.testid = 'file-upload';
  const name = document.createElement('div');
  name.className = 'tandem-upload-name';
  name.textContent = `${file.name || 'file'} · ${formatFileSize(file.size)}`;
  const track = document.createElement('div');
  track.className = 'tandem-upload-track';
  const bar = document.createElement('div');
  bar.className = 'tandem-upload-bar';
  bar.dataset.uploadBar = '';
  track.append(bar);
  const status = document.createElement('div');
  status.className = 'tandem-upload-status';
  status.dataset.uploadStatus = '';
  status.setAttribute('aria-live', 'polite');
  const actions = document.createElement('div');
  actions.className = 'tandem-upload-actions';
  actions.dataset.uploadActions = '';
  dom.append(name, track, status, actions);
  return dom;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.textContent = label;
  el.addEventListener('mousedown', (e) => e.preventDefault());
  el.addEventListener('click', onClick);
  return el;
}
