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
} as const;

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
