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
  defaultSlashCommands,
  filterSlashCommands,
} from './slash-commands.js';
export { SlashMenu, SlashMenuController, type SlashMenuOptions, type SlashMenuSnapshot, type SlashMenuStorage } from './slash-menu.js';
export { DocumentShortcuts, type DocumentShortcutsOptions, KEYBOARD_SHORTCUTS, formatShortcut } from './shortcuts.js';
export {
  type Collaborator,
  type CollaboratorUser,
  collaboratorCaretPosition,
  collaboratorsFromAwareness,
} from './collaborators.js';
export { type AwarenessLike, type CollaborationSetup, collaborationExtensions } from './collaboration.js';
export {
  type BlockChange,
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
