import { dropNeighbours, moveInGrid, rangeOf, visibleRange } from './grid';

const size = { rows: 3, cols: 4, page: 2 };

describe('moveInGrid', () => {
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveInGrid({ row: 1, col: 1 }, { key: 'ArrowDown' }, size)).toEqual({ row: 2, col: 1 });
    expect(moveInGrid({ row: 2, col: 1 }, { key: 'ArrowDown' }, size)).toEqual({ row: 2, col: 1 });
    expect(moveInGrid({ row: 0, col: 0 }, { key: 'ArrowUp' }, size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 0, col: 0 }, { key: 'ArrowLeft' }, size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 0, col: 3 }, { key: 'ArrowRight' }, size)).toEqual({ row: 0, col: 3 });
  });

  it('jumps to the ends with Ctrl and Home/End', () => {
    expect(moveInGrid({ row: 1, col: 1 }, { key: 'ArrowDown', ctrl: true }, size)).toEqual({ row: 2, col: 1 });
    expect(moveInGrid({ row: 1, col: 2 }, { key: 'Home' }, size)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 2 }, { key: 'End', ctrl: true }, size)).toEqual({ row: 2, col: 3 });
  });

  it('wraps Tab onto the next row and Shift+Tab back', () => {
    expect(moveInGrid({ row: 0, col: 3 }, { key: 'Tab' }, size)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 0 }, { key: 'Tab', shift: true }, size)).toEqual({ row: 0, col: 3 });
    expect(moveInGrid({ row: 2, col: 3 }, { key: 'Tab' }, size)).toEqual({ row: 2, col: 3 });
  });

  it('pages by the page size and clamps a stale position (rows removed meanwhile)', () => {
    expect(moveInGrid({ row: 0, col: 0 }, { key: 'PageDown' }, size)).toEqual({ row: 2, col: 0 });
    expect(moveInGrid({ row: 9, col: 9 }, { key: 'ArrowUp' }, size)).toEqual({ row: 1, col: 3 });
  });

  it('ignores other keys and empty grids', () => {
    expect(moveInGrid({ row: 0, col: 0 }, { key: 'a' }, size)).toBeNull();
    expect(moveInGrid({ row: 0, col: 0 }, { key: 'ArrowDown' }, { rows: 0, cols: 2, page: 1 })).toBeNull();
  });
});

describe('visibleRange', () => {
  it('draws the rows in view plus overscan, within the list', () => {
    expect(visibleRange(0, 340, 34, 10_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(34 * 5000, 340, 34, 10_000, 5)).toEqual({ start: 4995, end: 5015 });
    expect(visibleRange(34 * 9999, 340, 34, 10_000, 5)).toEqual({ start: 9994, end: 10_000 });
    expect(visibleRange(0, 340, 34, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('row selection and drops', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('a shift-click selects the range both ways', () => {
    expect(rangeOf(ids, 1, 3)).toEqual(['b', 'c', 'd']);
    expect(rangeOf(ids, 4, 2)).toEqual(['c', 'd', 'e']);
    expect(rangeOf(ids, 0, 0)).toEqual(['a']);
  });

  it('a dropped row lands between the shown rows on either side of the drop line', () => {
    expect(dropNeighbours(ids, 'e', 'b', 'before')).toEqual({ before: 'a', after: 'b' });
    expect(dropNeighbours(ids, 'a', 'c', 'after')).toEqual({ before: 'c', after: 'd' });
    expect(dropNeighbours(ids, 'c', 'a', 'before')).toEqual({ before: null, after: 'a' });
    expect(dropNeighbours(ids, 'a', 'e', 'after')).toEqual({ before: 'e', after: null });
  });

  it('a drop where the row already is, or on itself, writes nothing', () => {
    expect(dropNeighbours(ids, 'c', 'c', 'after')).toBeNull();
    expect(dropNeighbours(ids, 'c', 'd', 'before')).toBeNull();
    expect(dropNeighbours(ids, 'c', 'b', 'after')).toBeNull();
    expect(dropNeighbours(ids, 'a', 'zz', 'after')).toBeNull();
  });
});
