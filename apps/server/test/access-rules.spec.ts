import { resolvePageRole, resolveTreeRoles } from '../src/access/role-rules.js';
import { positionAmong, PositionError } from '../src/pages/position.js';

// The permission rules and sibling positions as pure functions (the e2e suites prove the wiring).
describe('resolvePageRole', () => {
  const chainIds = ['leaf', 'mid', 'top'];
  const none = new Map();

  it('gives owners and admins full access, members editor, guests and outsiders nothing by default', () => {
    expect(resolvePageRole({ workspaceRole: 'owner', chainIds, shares: none, trashed: false })).toBe('full_access');
    expect(resolvePageRole({ workspaceRole: 'admin', chainIds, shares: none, trashed: false })).toBe('full_access');
    expect(resolvePageRole({ workspaceRole: 'member', chainIds, shares: none, trashed: false })).toBe('editor');
    expect(resolvePageRole({ workspaceRole: 'guest', chainIds, shares: none, trashed: false })).toBeNull();
    expect(resolvePageRole({ workspaceRole: null, chainIds, shares: new Map([['top', 'editor']]), trashed: false })).toBeNull();
  });

  it('inherits shares from ancestors and keeps the strongest', () => {
    const shares = new Map([
      ['top', 'editor' as const],
      ['mid', 'viewer' as const],
    ]);
    expect(resolvePageRole({ workspaceRole: 'guest', chainIds, shares, trashed: false })).toBe('editor');
    expect(resolvePageRole({ workspaceRole: 'guest', chainIds: ['top'], shares: new Map([['top', 'commenter' as const]]), trashed: false })).toBe('commenter');
  });

  it('hides trashed pages from everyone without full access', () => {
    expect(resolvePageRole({ workspaceRole: 'member', chainIds, shares: none, trashed: true })).toBeNull();
    expect(resolvePageRole({ workspaceRole: 'guest', chainIds, shares: new Map([['leaf', 'editor' as const]]), trashed: true })).toBeNull();
    expect(resolvePageRole({ workspaceRole: 'admin', chainIds, shares: none, trashed: true })).toBe('full_access');
  });
});

describe('resolveTreeRoles', () => {
  const pages = [
    { id: 'a', parentId: null },
    { id: 'b', parentId: 'a' },
    { id: 'c', parentId: 'b' },
    { id: 'd', parentId: null },
    // Its parent is not in the live tree (trashed separately): walked as a root.
    { id: 'e', parentId: 'gone' },
  ];

  it('matches the single-page rule for every page', () => {
    const roles = resolveTreeRoles(pages, 'guest', new Map([['b', 'viewer' as const], ['c', 'editor' as const], ['e', 'commenter' as const]]));
    expect(Object.fromEntries(roles)).toEqual({ b: 'viewer', c: 'editor', e: 'commenter' });
    expect(resolveTreeRoles(pages, 'member', new Map()).size).toBe(5);
    expect(resolveTreeRoles(pages, null, new Map([['a', 'editor' as const]])).size).toBe(0);
  });
});

describe('positionAmong', () => {
  const siblings = [
    { id: 'x', position: 'a0' },
    { id: 'y', position: 'a1' },
    { id: 'z', position: 'a2' },
  ];

  it('appends, inserts after, before and between, always strictly ordered', () => {
    expect(positionAmong([])).toBe('a0');
    expect(positionAmong(siblings) > 'a2').toBe(true);
    const afterX = positionAmong(siblings, 'x');
    expect(afterX > 'a0' && afterX < 'a1').toBe(true);
    const beforeX = positionAmong(siblings, null, 'x');
    expect(beforeX < 'a0').toBe(true);
    const between = positionAmong(siblings, 'y', 'z');
    expect(between > 'a1' && between < 'a2').toBe(true);
  });

  it('names the bad field for unknown or misordered siblings', () => {
    expect(() => positionAmong(siblings, 'nope')).toThrow(PositionError);
    try {
      positionAmong(siblings, 'z', 'x');
    } catch (err) {
      expect((err as PositionError).field).toBe('beforeId');
    }
    expect(() => positionAmong(siblings, 'z', 'x')).toThrow(PositionError);
  });
});
