import { ApiRequestError, errorMessage } from './api.js';
import { retryable } from './queries.js';

describe('ApiRequestError', () => {
  it('maps validation reasons from "body.<field>" paths to form field names', () => {
    const err = new ApiRequestError(400, 'validation_failed', 'Invalid body', {
      error: { code: 'validation_failed', message: 'Invalid body', fields: { 'body.email': 'must be an email address', 'body.password': 'too short' } },
    });
    expect(err.fields).toEqual({ email: 'must be an email address', password: 'too short' });
  });

  it('has no fields when the server named none', () => {
    expect(new ApiRequestError(404, 'not_found', 'Page not found', { error: { code: 'not_found', message: 'Page not found' } }).fields).toEqual({});
    expect(new ApiRequestError(0, 'unreachable', 'down').fields).toEqual({});
  });

  it('gives a person-readable message for any error', () => {
    expect(errorMessage(new ApiRequestError(409, 'conflict', 'You are the last owner.'))).toBe('You are the last owner.');
    expect(errorMessage(new TypeError('x is undefined'))).toBe('Something went wrong. Try again.');
  });
});

describe('retryable', () => {
  it('retries network trouble and server errors a couple of times, never a 4xx', () => {
    expect(retryable(0, new ApiRequestError(0, 'unreachable', 'down'))).toBe(true);
    expect(retryable(0, new ApiRequestError(503, 'service_unavailable', 'down'))).toBe(true);
    expect(retryable(2, new ApiRequestError(503, 'service_unavailable', 'down'))).toBe(false);
    expect(retryable(0, new ApiRequestError(404, 'not_found', 'gone'))).toBe(false);
    expect(retryable(0, new ApiRequestError(403, 'forbidden', 'no'))).toBe(false);
  });
});
