import { randomBytes } from 'node:crypto';

// 12 url-safe characters (72 random bits): property and view ids only need to be unique in one
// database (the web mints its own the same way).
export function shortId(): string {
  return randomBytes(9).toString('base64url');
}
