import { matchCount } from './match-count';

describe('matchCount', () => {
  it('says how many pages match, with "+" when the server stopped counting', () => {
    expect(matchCount(1, false)).toBe('1 page');
    expect(matchCount(12, false)).toBe('12 pages');
    expect(matchCount(100, true)).toBe('100+ pages');
    expect(matchCount(1000, true)).toBe('1,000+ pages');
  });
});
