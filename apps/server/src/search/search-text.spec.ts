import { hasPositiveTerms, parseSearchText, snippetParts } from './search-text.js';

describe('parseSearchText', () => {
  it('splits off the last plain word as a prefix', () => {
    expect(parseSearchText('team collab')).toEqual({ rest: 'team', prefix: 'collab', prefixOr: false, excluded: '', plain: 'team collab' });
    expect(parseSearchText('Collab')).toMatchObject({ rest: '', prefix: 'collab' });
  });

  it('keeps phrases and excluded words and phrases apart', () => {
    expect(parseSearchText('"brown fox" -pasta -"lazy dog"')).toEqual({ rest: '"brown fox"', prefix: null, prefixOr: false, excluded: 'pasta or "lazy dog"', plain: 'brown fox' });
    expect(parseSearchText('fox -')).toMatchObject({ rest: '', prefix: 'fox', excluded: '' });
    expect(parseSearchText('"unclosed phrase')).toMatchObject({ rest: '"unclosed phrase"', prefix: null });
  });

  it('does not prefix words with punctuation or a dangling or', () => {
    expect(parseSearchText('search_index')).toMatchObject({ rest: 'search_index', prefix: null });
    expect(parseSearchText('pasta or')).toMatchObject({ rest: '', prefix: 'pasta' });
    expect(parseSearchText('pasta or navigation')).toMatchObject({ rest: 'pasta', prefix: 'navigation', prefixOr: true });
    expect(parseSearchText('a or "b c" d')).toMatchObject({ rest: 'a or "b c"', prefix: 'd', prefixOr: false });
  });

  it('finds no positive terms in operator-only input', () => {
    for (const q of ['', '-', '""', '%', '_', '&|!', 'or', '-foo', ':*']) expect(hasPositiveTerms(parseSearchText(q))).toBe(false);
    for (const q of ['a', 'ß', '100%', '"x y"']) expect(hasPositiveTerms(parseSearchText(q))).toBe(true);
  });
});

describe('snippetParts', () => {
  it('turns the headline marks into plain parts', () => {
    expect(snippetParts('the \u0002quarterly\u0003 <b>roadmap</b>')).toEqual([
      { text: 'the ', match: false },
      { text: 'quarterly', match: true },
      { text: ' <b>roadmap</b>', match: false },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
