import { colorFor, distinctColors } from './colors';

describe('people colours', () => {
  it('gives a person the same colour every time', () => {
    expect(colorFor('a1b2')).toBe(colorFor('a1b2'));
  });

  it('keeps each writer of a compare distinct, even when their own colours collide', () => {
    // Ids whose own colours are the same (found by search, so the test holds for any palette).
    const ids = Array.from({ length: 200 }, (_, i) => `person-${i}`);
    const first = ids[0]!;
    const twin = ids.find((id) => id !== first && colorFor(id) === colorFor(first))!;
    expect(twin).toBeDefined();
    const colors = distinctColors([first, twin]);
    expect(colors.get(first)).toBe(colorFor(first));
    expect(colors.get(twin)).not.toBe(colors.get(first));
  });

  it('stays distinct up to the palette size, and still gives everyone a colour past it', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `writer-${i}`);
    const colors = distinctColors(ids);
    expect(new Set(ids.slice(0, 8).map((id) => colors.get(id))).size).toBe(8);
    expect(ids.every((id) => /^#[0-9a-f]{6}$/.test(colors.get(id)!))).toBe(true);
  });
});
