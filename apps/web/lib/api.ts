import type { ErrorBody } from '@tandem/protocol';

// Calls the Tandem API through this app's /api rewrite. Errors carry the protocol's code.
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body?: unknown) {
    super(message);
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      ...init,
      credentials: 'include',
      headers: { 'content-type': 'application/json', ...init.headers },
    });
  } catch {
    throw new ApiRequestError(0, 'unreachable', 'The Tandem server cannot be reached. Check your connection.');
  }
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    // A 503 from /health still carries a useful report, so keep the body.
    throw new ApiRequestError(res.status, error?.code ?? 'internal', error?.message ?? res.statusText, body);
  }
  return body as T;
}
