import { canEditDocument, canComment, roleAtLeast, strongerRole, CsvMergePlan, MovePageBody, SignupBody, UpdatePageBody } from '../src/index.js';

describe('page access roles', () => {
  it('lets only editors and full_access edit documents', () => {
    expect([null, 'viewer', 'commenter', 'editor', 'full_access'].map((r) => canEditDocument(r as never))).toEqual([false, false, false, true, true]);
    expect(canComment('commenter')).toBe(true);
    expect(canComment('viewer')).toBe(false);
  });

  it('orders roles and picks the stronger', () => {
    expect(roleAtLeast('full_access', 'editor')).toBe(true);
    expect(roleAtLeast('viewer', 'commenter')).toBe(false);
    expect(strongerRole('viewer', 'editor')).toBe('editor');
    expect(strongerRole(null, 'commenter')).toBe('commenter');
    expect(strongerRole('viewer', null)).toBe('viewer');
  });
});

describe('REST body schemas', () => {
  it('normalises emails and rejects short passwords and unknown keys', () => {
    expect(SignupBody.parse({ email: ' Ann@Example.COM ', name: 'Ann', password: 'long enough' }).email).toBe('ann@example.com');
    expect(SignupBody.safeParse({ email: 'ann@example.com', name: 'Ann', password: 'short' }).success).toBe(false);
    expect(SignupBody.safeParse({ email: 'ann@example.com', name: 'Ann', password: 'long enough', admin: true }).success).toBe(false);
  });

  it('requires parentId on moves and something to change on updates', () => {
    expect(MovePageBody.safeParse({}).success).toBe(false);
    expect(MovePageBody.safeParse({ parentId: null }).success).toBe(true);
    expect(UpdatePageBody.safeParse({}).success).toBe(false);
    expect(UpdatePageBody.safeParse({ icon: null }).success).toBe(true);
  });

  it('takes a CSV merge plan of property, new and skip columns, never a new title', () => {
    const ok = CsvMergePlan.safeParse({ columns: [{ action: 'property', propertyId: 'title' }, { action: 'new', name: ' Due ', type: 'date', includeTime: true }, { action: 'skip' }] });
    expect(ok.success && ok.data.columns[1]).toEqual({ action: 'new', name: 'Due', type: 'date', includeTime: true });
    expect(CsvMergePlan.safeParse({ columns: [{ action: 'new', name: 'T', type: 'title' }] }).success).toBe(false);
    expect(CsvMergePlan.safeParse({ columns: [{ action: 'merge' }] }).success).toBe(false);
    expect(CsvMergePlan.safeParse({ columns: [] }).success).toBe(false);
  });
});
