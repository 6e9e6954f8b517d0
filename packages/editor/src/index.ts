export {
  DOCUMENT_FIELD,
  HEADING_LEVELS,
  LINK_PROTOCOLS,
  type DocumentExtensionOptions,
  documentExtensions,
  documentSchema,
  isAllowedImageUrl,
  isAllowedLinkUrl,
} from './schema.js';
export { FileUploads, type FileUploadsOptions, type UploadFile, type UploadedFile } from './file-uploads.js';
export {
  DocumentImage,
  FILE_CONTENT_PREFIX,
  FileAttachment,
  type FileAttachmentAttrs,
  type FileUrl,
  fileContentUrl,
  fileIdFromUrl,
  formatFileSize,
  referencedFileIds,
} from './files.js';
export {
  DocumentContentError,
  parseDocumentJSON,
  yDocFromJSON,
  yDocFromMarkdown,
  yDocToJSON,
  yDocToMarkdown,
  yDocToText,
  yDocToIndexable,
  yDocFileIds,
} from './convert.js';
export {
  type SlashCommand,
  type SlashCommandContext,
  type SlashCommandGroup,
  type SlashCommandRequests,
  defaultSlashCommands,
  filterSlashCommands,
} from './slash-commands.js';
export { SlashMenu, SlashMenuController, type SlashMenuOptions, type SlashMenuSnapshot, type SlashMenuStorage } from './slash-menu.js';
export { DocumentShortcuts, type DocumentShortcutsOptions, APP_SHORTCUTS, KEYBOARD_SHORTCUTS, MARKDOWN_SHORTCUTS, formatShortcut } from './shortcuts.js';
export {
  type Collaborator,
  type CollaboratorUser,
  collaboratorCaretPosition,
  collaboratorsFromAwareness,
} from './collaborators.js';
export { type AwarenessLike, type CollaborationSetup, collaborationExtensions } from './collaboration.js';
export {
  type BlockChange,
  type DatabaseContent,
  type DocumentDiff,
  type HistoryTask,
  type HistoryTaskResults,
  type InlineChange,
  diffDocuments,
  diffInline,
  restoreUpdate,
  runHistoryTask,
} from './history.js';
export { type ComparedDocument, type DiffBlock, type DiffBlockKind, VersionDiff, comparedDocument } from './version-diff.js';
export {
  type CommentAnchorPositions,
  type CommentHighlightsOptions,
  type HighlightedThread,
  type ThreadRange,
  CommentHighlights,
  base64ToBytes,
  bytesToBase64,
  commentAnchorInDocument,
  commentComposerExtensions,
  commentHighlightsKey,
  commentQuote,
  commentRanges,
  encodeCommentAnchor,
  encodeCommentAnchorInDocument,
  resolveCommentAnchor,
  resolveCommentAnchorInDocument,
  setCommentHighlights,
} from './comments.js';
export {
  type CommentMentionOptions,
  type MentionPerson,
  type MentionPickerSnapshot,
  CommentMention,
  MentionPickerController,
  filterMentionPeople,
} from './comment-mentions.js';
export {
  type MentionItem,
  type MentionSuggestionsOptions,
  type MentionSuggestionsStorage,
  type PageMentionAttributes,
  type PersonMentionAttributes,
  MentionSuggestions,
  PageMention,
  PersonMention,
  filterMentionPages,
  insertMention,
} from './mentions.js';
export { type BlockNodeViews } from './schema.js';
export { PALETTE, type PaletteColor, isPaletteColor } from './blocks/palette.js';
export { Callout, DEFAULT_CALLOUT_COLOR, DEFAULT_CALLOUT_EMOJI, calloutEmoji } from './blocks/callout.js';
export { CODE_LANGUAGES, lowlight } from './blocks/code-block.js';
export { type TableOfContentsEntry, documentHeadings } from './blocks/table-of-contents.js';
export { type PageLinkAttributes, pageHref } from './blocks/page-link.js';
// Exported so the app's type checker sees the commands these extensions add (setColor, setHighlight, …).
export { PaletteHighlight, TextColor } from './blocks/marks.js';
export { TandemBlockMath, TandemInlineMath } from './blocks/math.js';
export { TableOfContents } from './blocks/table-of-contents.js';
export { PageLink } from './blocks/page-link.js';
export { toggleExtensions } from './blocks/toggle.js';
export { type DocumentStats, READING_WORDS_PER_MINUTE, documentStats, textStats } from './stats.js';
export { EMBED_ALLOW, EMBED_SANDBOX, Embed, embedFrameAttributes } from './blocks/embed.js';
export {
  EMBED_FRAME_ORIGINS,
  EMBED_PROVIDERS,
  EMBED_PROVIDER_NAMES,
  type EmbedProvider,
  type EmbedTarget,
  embedFromUrl,
  isCanonicalEmbedSrc,
} from './blocks/embed-url.js';
export { type PastedLink, type PastedLinkOptions, PastedLinkOffer, replacePastedLink } from './pasted-link.js';
export { type BookmarkAttributes, Bookmark, bookmarkHost, isHttpUrl } from './blocks/bookmark.js';
export { Column, Columns, MAX_COLUMNS, MIN_COLUMNS, MIN_COLUMN_SHARE, columnWidth, columnsNodeView } from './blocks/columns.js';
export { type DatabaseBlockAttributes, DatabaseBlock, databaseViewId } from './blocks/database-block.js';
export { BUILTIN_TEMPLATES, type BuiltinTemplate, builtinTemplate } from './templates.js';
export { ForeignPaste, cleanForeignHTML, cleanForeignHTMLString } from './paste.js';
