import { PageRoutes, SharingRoutes, WorkspaceRoutes } from '@tandem/protocol';
import { ApiRequestError, errorMessage, request } from './client.js';
import { retryable } from './keys.js';

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

describe('request', () => {
  const realFetch = globalThis.fetch;
  let calls: Array<{ url: string; init: RequestInit }>;
  const answer = (status: number, body?: unknown) => {
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(body === undefined ? null : JSON.stringify(body), { status });
    }) as typeof fetch;
  };
  beforeEach(() => (calls = []));
  afterEach(() => (globalThis.fetch = realFetch));

  it('calls the route by its method and path, parameters encoded, body as JSON', async () => {
    answer(200, { id: 'p', title: 'x' });
    await request(PageRoutes.move, { params: { id: 'a/b' }, body: { parentId: null } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/pages/a%2Fb/move');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ parentId: null });
  });

  it('keeps small changes going past a page unload (keepalive), never reads or big bodies', async () => {
    answer(200, { id: 'p', title: 'x' });
    await request(PageRoutes.move, { params: { id: 'p' }, body: { parentId: null } });
    expect(calls[0]!.init.keepalive).toBe(true);
    answer(200, { id: 'p', title: 'x' });
    await request(PageRoutes.get, { params: { id: 'p' } });
    expect(calls[1]!.init.keepalive).toBe(false);
    answer(200, { id: 'p', title: 'x' });
    await request(PageRoutes.update, { params: { id: 'p' }, body: { title: 'x'.repeat(20_000) } });
    expect(calls[2]!.init.keepalive).toBe(false);
  });

  it('hands on an answer of the promised shape, and refuses one of another shape', async () => {
    answer(200, [{ id: 'w' }]);
    await expect(request(WorkspaceRoutes.list)).resolves.toEqual([{ id: 'w' }]);
    answer(200, { not: 'a list' });
    await expect(request(WorkspaceRoutes.list)).rejects.toMatchObject({ code: 'unreachable' });
    answer(204);
    await expect(request(PageRoutes.trashPage, { params: { id: 'p' } })).resolves.toBeUndefined();
    answer(200, null);
    await expect(request(PageRoutes.get, { params: { id: 'p' } })).rejects.toMatchObject({ code: 'unreachable' });
  });

  it("turns an error answer into an ApiRequestError with the server's code", async () => {
    answer(403, { error: { code: 'forbidden', message: 'You need full access.' } });
    const err = await request(SharingRoutes.shares, { params: { id: 'p' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden', message: 'You need full access.' });
  });
});
