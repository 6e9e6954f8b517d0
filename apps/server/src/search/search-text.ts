// What a typed query means, read without ever failing: web-search syntax ("quoted phrases",
// -excluded words, `or`) for Postgres' websearch_to_tsquery, with the last word split off so it also
// matches as a prefix while the person is still typing it, and the excluded parts apart so they
// exclude a page whichever language configuration matched it. Pure, so unit-testable.

export interface SearchText {
  // Positive part for websearch_to_tsquery, without the prefix word ('' when none).
  rest: string;
  // The last word, letters and digits only, to match as a prefix (null when the query doesn't end
  // with a plain word, e.g. with a phrase or an excluded word).
  prefix: string | null;
  // The prefix word was joined with `or` ("pasta or navi"), not with `and`.
  prefixOr: boolean;
  // Excluded words and phrases, joined with `or`, for websearch_to_tsquery ('' when none).
  excluded: string;
  // The positive words as plain text, for typo-tolerant title matching ('' when none).
  plain: string;
}

const TOKEN = /(-*)"([^"]*)"?|(\S+)/g;
const WORD_CHARS = /[^\p{L}\p{N}]+/gu;

export function parseSearchText(input: string): SearchText {
  const positive: Array<{ text: string; word: boolean }> = [];
  const excluded: string[] = [];
  for (const m of input.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      // A phrase (an unclosed quote runs to the end, as websearch_to_tsquery reads it).
      const phrase = m[2].replace(/\s+/g, ' ').trim();
      if (!phrase) continue;
      if (m[1]) excluded.push(`"${phrase}"`);
      else positive.push({ text: `"${phrase}"`, word: false });
      continue;
    }
    const raw = m[3]!;
    if (raw.startsWith('-')) {
      const word = raw.replace(/^-+/, '');
      if (word.replace(WORD_CHARS, '')) excluded.push(word);
      continue;
    }
    positive.push({ text: raw, word: raw.toLowerCase() !== 'or' });
  }
  const isOr = (t: { text: string; word: boolean } | undefined) => t !== undefined && !t.word && t.text.toLowerCase() === 'or';
  // A trailing `or` has nothing to join.
  while (isOr(positive[positive.length - 1])) positive.pop();
  let prefix: string | null = null;
  let prefixOr = false;
  const last = positive[positive.length - 1];
  if (last?.word) {
    const letters = last.text.replace(WORD_CHARS, '');
    // Only a word made of letters and digits alone can be a prefix query; "foo-ba" stays a word.
    if (letters && letters === last.text) {
      prefix = letters.toLowerCase();
      positive.pop();
      if (isOr(positive[positive.length - 1])) {
        positive.pop();
        prefixOr = true;
      }
    }
  }
  const plainWords = [...positive.filter((p) => p.word || p.text.startsWith('"')).map((p) => p.text.replace(/"/g, '')), ...(prefix ? [prefix] : [])];
  return {
    rest: positive.map((p) => p.text).join(' '),
    prefix,
    prefixOr,
    excluded: excluded.join(' or '),
    plain: plainWords.join(' ').trim(),
  };
}

export function hasPositiveTerms(text: SearchText): boolean {
  return text.rest.replace(WORD_CHARS, '') !== '' || text.prefix !== null;
}

// ts_headline marks matches with these control characters (never HTML): the text can't contain
// them (they are stripped before the headline is made), so splitting on them is exact.
export const MATCH_START = '\u0002';
export const MATCH_STOP = '\u0003';

export function snippetParts(headline: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, match });
    text = '';
  };
  for (const ch of headline) {
    if (ch === MATCH_START || ch === MATCH_STOP) {
      flush();
      match = ch === MATCH_START;
    } else text += ch;
  }
  flush();
  return parts;
}
