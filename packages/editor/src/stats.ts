import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

/** Words per minute for "reading time": a common figure for reading on screen. */
export const READING_WORDS_PER_MINUTE = 200;

export interface DocumentStats {
  words: number;
  characters: number;
  /** Whole minutes, at least 1 for a page with any words. */
  readingMinutes: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Word and character counts of a document's text (blocks separated like lines). Words are the
 * word-like segments of Intl.Segmenter, so languages written without spaces (Chinese, Japanese)
 * are counted by words too, not as one word per sentence.
 */
export function documentStats(doc: ProseMirrorNode): DocumentStats {
  return textStats(doc.textBetween(0, doc.content.size, '\n', ' '));
}

export function textStats(text: string): DocumentStats {
  let words = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words += 1;
  const characters = [...text.replace(/\s/g, '')].length;
  return { words, characters, readingMinutes: words === 0 ? 0 : Math.max(1, Math.round(words / READING_WORDS_PER_MINUTE)) };
}
