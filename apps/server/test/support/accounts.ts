import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AuthResponse } from '@tandem/protocol';
import { PrismaService } from '../../src/infra/prisma.service.js';

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

// Signs up through the API. The address counts as verified (set in the database) unless
// `verified: false`: suites that are not about verification need people who can receive shares;
// test/account-email.e2e-spec.ts follows the real mailed links.
export async function signUp(app: INestApplication, label = 'user', password = 'correct horse battery', { verified = true } = {}): Promise<TestUser> {
  const email = randomEmail(label);
  const res = await request(app.getHttpServer())
    .post('/auth/signup')
    .set('X-Forwarded-For', randomIp())
    .send({ email, name: label, password });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as AuthResponse;
  if (verified) await app.get(PrismaService).user.update({ where: { id: body.user.id }, data: { emailVerifiedAt: new Date() } });
  return { id: body.user.id, email, name: label, password, token: body.token, bearer: `Bearer ${body.token}` };
}
