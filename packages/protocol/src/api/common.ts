import { z } from 'zod';

// Limits every client can check before sending; the server enforces the same numbers.
export const ApiLimits = {
  emailMax: 254,
  nameMax: 100,
  passwordMin: 8,
  // scrypt hashes whatever it gets; the cap keeps a huge "password" from costing CPU.
  passwordMax: 256,
  workspaceNameMax: 100,
  pageTitleMax: 500,
  // One emoji (possibly a ZWJ sequence) or a short URL-safe icon name.
  pageIconMax: 64,
  // A page's starting content (template or import), in UTF-8 bytes: Markdown text, or the Tiptap
  // JSON as serialized. The request body limit leaves room for it (see app.factory.ts). Markdown
  // must also parse within the server's time limit (5 s): very many tiny blocks can exceed it.
  pageContentMaxBytes: 1024 * 1024,
  // Nesting of objects and arrays in Tiptap JSON content (each node is two levels: itself and its
  // `content` array). Keeps every recursive walk of it far from the stack limit.
  pageContentMaxDepth: 256,
} as const;

// How deeply a parsed JSON value nests, counted without recursion (so any depth is safe to ask
// about); stops counting once past `limit`.
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

// UTF-8 length without TextEncoder, so the count matches what the server receives on every runtime.
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

// Every id in the API is a UUID (v7 in practice).
export const Id = z.uuid({ error: 'must be a UUID' });

export const Email = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .max(ApiLimits.emailMax, { error: `must be at most ${ApiLimits.emailMax} characters` })
  .pipe(z.email({ error: 'must be an email address' }));

// Path parameters, validated like bodies: `@Param('id', new ZodValidationPipe(Id))`.
export const IdParam = Id;

// ISO-8601 timestamps travel as strings.
export type Timestamp = string;
