import type * as Editor from '@tandem/editor';

// @tandem/editor is the document schema with all it stands on (Tiptap, ProseMirror, highlight.js'
// grammars, KaTeX): loading it costs a process ~60 MB and ~1 s of CPU. The gateway needs it only for
// some requests (a page seeded with content, a duplicate, history, an export) and the worker from
// its first persist, so it is loaded then, once, rather than at start. Its file paths and built-in
// templates, which need none of that, come from its light entries (`/file-urls`, `/templates`).
let loading: Promise<typeof Editor> | undefined;

export function documentEditor(): Promise<typeof Editor> {
  return (loading ??= import('@tandem/editor'));
}
