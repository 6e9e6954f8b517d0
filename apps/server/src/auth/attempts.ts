import { ApiError } from '../common/api-error.js';
import type { RateLimitRepository } from './rate-limit.repository.js';

// Counts an attempt in a fixed window and refuses it (429 with Retry-After) once over `max`.
export async function countAttempt(limits: RateLimitRepository, bucket: string, id: string, max: number, windowMs: number): Promise<void> {
  const { count, retryAfterMs } = await limits.hit(bucket, id, windowMs);
  if (count > max) throw ApiError.rateLimited(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}
