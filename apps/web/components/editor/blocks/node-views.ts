import { ReactNodeViewRenderer } from '@tiptap/react';
import { type BlockNodeViews, columnsNodeView } from '@tandem/editor';
import { BookmarkView } from './BookmarkView';
import { CalloutView } from './CalloutView';
import { CodeBlockView } from './CodeBlockView';
import { DATABASE_BLOCK_CONTENT, DatabaseBlockView } from './DatabaseBlockView';
import { PageLinkView } from './PageLinkView';
import { PageMentionView } from './PageMentionView';
import { TableOfContentsView } from './TableOfContentsView';

// The React node views for the blocks @tandem/editor defines; the schema stays the package's.
export function blockNodeViews(): BlockNodeViews {
  return {
    callout: ReactNodeViewRenderer(CalloutView),
    codeBlock: ReactNodeViewRenderer(CodeBlockView),
    tableOfContents: ReactNodeViewRenderer(TableOfContentsView),
    pageLink: ReactNodeViewRenderer(PageLinkView),
    pageMention: ReactNodeViewRenderer(PageMentionView, { as: 'span' }),
    bookmark: ReactNodeViewRenderer(BookmarkView),
    // Plain DOM (the package's): the columns' content stays ProseMirror's, only the handles are added.
    columns: columnsNodeView(),
    // Every event inside the database (cell typing, the grid's arrow keys, clicks, board drags) is
    // the database's; ProseMirror handles only the block's frame (select, drag, delete, arrow past).
    databaseBlock: ReactNodeViewRenderer(DatabaseBlockView, {
      stopEvent: ({ event }) => event.target instanceof Element && event.target.closest(`[${DATABASE_BLOCK_CONTENT}]`) !== null,
    }),
  };
}
