import { z } from 'zod';

// Every variable the server and worker read, validated once at start. A missing or malformed one
// stops the process with a message naming it (see .env.example for what each does).
const urlWithProtocol = (name: string, protocols: string[]) =>
  z
    .string({ error: `${name} is required` })
    .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
      error: `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

const origins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
  .refine((list) => list.every((o) => URL.canParse(o)), { error: 'must be a comma-separated list of origins' });

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  DATABASE_URL: urlWithProtocol('DATABASE_URL', ['postgres:', 'postgresql:']),
  REDIS_URL: urlWithProtocol('REDIS_URL', ['redis:', 'rediss:']),
  // Namespaces every Redis key, BullMQ queue and pub/sub channel, so environments can share a server.
  REDIS_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes').default('tandem'),
  WEB_ORIGIN: origins.default(['http://localhost:3000']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new EnvError(
    parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    }),
  );
}

// Injection token for the validated environment: `constructor(private readonly config: AppConfig)`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AppConfig extends Env {}
