import { CollabErrorCode, ErrorCode, isAccessError, isPermanent, isRetryable } from '../src/index.js';

describe('ErrorCode', () => {
  it('has unique, snake_case codes', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('is the one set for REST and sockets', () => {
    expect(CollabErrorCode).toBe(ErrorCode);
  });
});

describe('isPermanent / isRetryable', () => {
  it('gives up on refusals no retry can change', () => {
    for (const code of ['validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'update_too_large', 'document_too_large', 'too_many_pages', 'invalid_update']) {
      expect(isPermanent(code)).toBe(true);
      expect(isRetryable(code)).toBe(false);
    }
  });

  it('retries what may pass, including codes this client does not know', () => {
    for (const code of ['rate_limited', 'not_joined', 'service_unavailable', 'internal', 'some_future_code']) {
      expect(isRetryable(code)).toBe(true);
      expect(isPermanent(code)).toBe(false);
    }
  });

  it('tells an access refusal apart from a refused update', () => {
    expect(['forbidden', 'not_found', 'unauthenticated'].every(isAccessError)).toBe(true);
    expect(isAccessError('update_too_large')).toBe(false);
    expect(isAccessError(null)).toBe(false);
  });
});
