import { createHash, randomBytes } from 'node:crypto';

// Opaque secrets handed to clients (sessions, socket tokens, share links): 32 random bytes,
// URL-safe. Only their SHA-256 is ever stored.
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
