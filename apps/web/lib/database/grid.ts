// Spreadsheet-style movement between the cells of a table view: arrows move one cell, Home/End to
// the row's ends (with Ctrl/Cmd: the table's corners), PageUp/PageDown a screenful, Tab and
// Shift+Tab along the row and on to the next/previous one. Pure, so the table component only maps
// keys to this and the rules are unit-tested.

export interface CellPosition {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  // Rows one PageUp/PageDown moves.
  page: number;
}

export interface GridKey {
  key: string;
  shift?: boolean;
  ctrl?: boolean;
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));

// The cell focus moves to, or null when the key is not a movement (or the grid is empty).
export function moveInGrid(at: CellPosition, key: GridKey, size: GridSize): CellPosition | null {
  if (size.rows === 0 || size.cols === 0) return null;
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;
  const here = { row: clamp(at.row, lastRow), col: clamp(at.col, lastCol) };
  switch (key.key) {
    case 'ArrowUp':
      return { ...here, row: key.ctrl ? 0 : clamp(here.row - 1, lastRow) };
    case 'ArrowDown':
      return { ...here, row: key.ctrl ? lastRow : clamp(here.row + 1, lastRow) };
    case 'ArrowLeft':
      return { ...here, col: key.ctrl ? 0 : clamp(here.col - 1, lastCol) };
    case 'ArrowRight':
      return { ...here, col: key.ctrl ? lastCol : clamp(here.col + 1, lastCol) };
    case 'Home':
      return key.ctrl ? { row: 0, col: 0 } : { ...here, col: 0 };
    case 'End':
      return key.ctrl ? { row: lastRow, col: lastCol } : { ...here, col: lastCol };
    case 'PageUp':
      return { ...here, row: clamp(here.row - size.page, lastRow) };
    case 'PageDown':
      return { ...here, row: clamp(here.row + size.page, lastRow) };
    case 'Tab': {
      const flat = here.row * size.cols + here.col + (key.shift ? -1 : 1);
      const bounded = clamp(flat, size.rows * size.cols - 1);
      return { row: Math.floor(bounded / size.cols), col: bounded % size.cols };
    }
    default:
      return null;
  }
}

// Which rows a virtualized list draws: those in view plus `overscan` on each side.
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): { start: number; end: number } {
  if (count === 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewport) / rowHeight);
  return { start: clamp(first - overscan, count), end: clamp(last + overscan, count) };
}

// The rows between the last row clicked and this one, both included (a shift-click's range).
export function rangeOf(ids: readonly string[], from: number, to: number): string[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return ids.slice(Math.max(0, a), Math.min(ids.length, b + 1));
}

// Where a row dropped before or after another lands: the shown rows it ends up between (null at
// either end). moveRow puts it between their order keys, one write, so rows hidden by the filter
// keep their places and a concurrent move of another row is not undone.
export function dropNeighbours(ids: readonly string[], moving: string, target: string, side: 'before' | 'after'): { before: string | null; after: string | null } | null {
  if (moving === target) return null;
  const rest = ids.filter((id) => id !== moving);
  const at = rest.indexOf(target);
  if (at < 0) return null;
  const slot = side === 'before' ? at : at + 1;
  const before = rest[slot - 1] ?? null;
  const after = rest[slot] ?? null;
  // Dropped where it already is: nothing to write.
  const was = ids.indexOf(moving);
  if (ids[was - 1] === (before ?? undefined) && ids[was + 1] === (after ?? undefined)) return null;
  return { before, after };
}
