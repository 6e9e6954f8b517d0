import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AuthResponse } from '@tandem/protocol';

// Helpers for suites that need signed-in people. Every address and IP is random, so suites can run
// at the same time against the shared database and Redis (rate limits are per IP and per account).

export function randomEmail(label = 'user'): string {
  return `${label}-${randomUUID()}@example.test`;
}

// A fresh documentation-range-looking IPv4 address per call; `trust proxy` takes it from X-Forwarded-For.
export function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
  // Authorization header value.
  bearer: string;
}

export async function signUp(app: INestApplication, label = 'user', password = 'correct horse battery'): Promise<TestUser> {
  const email = randomEmail(label);
  const res = await request(app.getHttpServer())
    .post('/auth/signup')
    .set('X-Forwarded-For', randomIp())
    .send({ email, name: label, password });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as AuthResponse;
  return { id: body.user.id, email, name: label, password, token: body.token, bearer: `Bearer ${body.token}` };
}
