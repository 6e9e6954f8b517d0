'use client';

import { useMemo } from 'react';
import { EditorContent, useEditor, type JSONContent } from '@tiptap/react';
import { documentExtensions, VersionDiff, type DiffBlock } from '@tandem/editor';
import { EditorSkeleton } from '@/components/editor/CollaborativeEditor';
import editorStyles from '@/components/editor/editor.module.css';

// A version rendered read-only with the page's own extension set (same schema, same look). Not
// collaborative: a version is a fixed document, so passing `content` is right here. With `diff`,
// the changes are highlighted (VersionDiff), each in its writer's colour (`colorOf`) where the writer
// is known.
export function ReadOnlyDocument({ content, diff, colorOf, label }: { content: JSONContent; diff?: DiffBlock[]; colorOf?: (writerId: string) => string; label: string }) {
  const extensions = useMemo(() => [...documentExtensions(), ...(diff ? [VersionDiff.configure({ blocks: diff, colorOf: colorOf ?? null })] : [])], [diff, colorOf]);
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      extensions,
      content,
      editorProps: { attributes: { 'aria-label': label, 'aria-readonly': 'true', role: 'document', 'data-testid': diff ? 'version-compare' : 'version-preview' } },
    },
    [extensions, content],
  );
  if (!editor) return <EditorSkeleton />;
  return (
    <div className={`${editorStyles.content} ${editorStyles.readOnly}`}>
      <EditorContent editor={editor} />
    </div>
  );
}
