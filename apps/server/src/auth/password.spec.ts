import { hashPassword, needsRehash, RECOMMENDED_COST_LOG2, scryptCost, verifyAgainstNothing, verifyPassword } from './password.js';

describe('password hashing', () => {
  it("hashes at OWASP's scrypt cost by default (N=2^17, r=8, p=1) and verifies", async () => {
    expect(RECOMMENDED_COST_LOG2).toBe(17);
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
  });

  it('asks for a re-hash only when the stored cost is below the wanted one', async () => {
    const weak = await hashPassword('pw', scryptCost(12));
    expect(weak.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(needsRehash(weak, scryptCost(14))).toBe(true);
    expect(needsRehash(weak, scryptCost(12))).toBe(false);
    expect(needsRehash(await hashPassword('pw', scryptCost(15)), scryptCost(14))).toBe(false);
    expect(needsRehash('bcrypt$whatever', scryptCost(14))).toBe(true);
  });

  it('refuses malformed or absurd stored hashes instead of running them', async () => {
    const good = await hashPassword('pw', scryptCost(12));
    const [, , r, p, salt, hash] = good.split('$');
    expect(await verifyPassword('pw', ['scrypt', 2 ** 30, r, p, salt, hash].join('$'))).toBe(false);
    expect(await verifyPassword('pw', ['scrypt', 'x', r, p, salt, hash].join('$'))).toBe(false);
    expect(await verifyPassword('pw', 'scrypt$4096$8$1$')).toBe(false);
    expect(await verifyAgainstNothing('pw', scryptCost(12))).toBe(false);
  });
});
