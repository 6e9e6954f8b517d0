import { z } from 'zod';
import { DatabaseLimits } from './limits.js';

// Property, option and view ids are short random strings made by the client; database and row ids
// are page ids. One shape for all of them keeps the Yjs keys and the JSONB keys the same.
export const idSchema = z
  .string()
  .min(1)
  .max(DatabaseLimits.idLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');

export const nameSchema = z.string().trim().min(1).max(DatabaseLimits.nameLength);
