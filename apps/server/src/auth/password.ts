import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt from node:crypto (no native addon). Parameters travel inside the stored hash, so they can
// be raised without breaking old passwords: `scrypt$N$r$p$salt$hash` (base64url). A log-in with a
// hash weaker than today's cost re-hashes the password (needsRehash).
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// OWASP's Password Storage Cheat Sheet (2025): N=2^17, r=8, p=1 — 128 MiB and ~0.4 s of one core.
export const RECOMMENDED_COST_LOG2 = 17;
export const scryptCost = (log2N: number = RECOMMENDED_COST_LOG2): ScryptCost => ({ N: 2 ** log2N, r: 8, p: 1 });

const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptOptions & ScryptCost, length: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; leave headroom over it, refuse anything absurd from a stored hash.
  const maxmem = Math.max(64 * 1024 * 1024, 256 * N * r);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash || ![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return null;
  if (cost.N > 2 ** 22 || cost.r > 32 || cost.p > 16) return null;
  return { cost, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

export async function hashPassword(password: string, cost: ScryptCost = scryptCost()): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, KEY_LENGTH);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  return timingSafeEqual(key, parsed.hash);
}

// Was this hash made with less work than `cost` asks for today?
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return parsed.cost.N * parsed.cost.r * parsed.cost.p < cost.N * cost.r * cost.p || parsed.hash.length < KEY_LENGTH;
}

// Burns the same time as a real check at the same cost, so "no such account" and "wrong password"
// look alike.
const dummies = new Map<number, Promise<string>>();
export async function verifyAgainstNothing(password: string, cost: ScryptCost = scryptCost()): Promise<false> {
  const key = cost.N * cost.r * cost.p;
  if (!dummies.has(key)) dummies.set(key, hashPassword('not a real password', cost));
  await verifyPassword(password, await dummies.get(key)!);
  return false;
}
