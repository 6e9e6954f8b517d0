import { matchesShape, queryString, routePath, type AnyRoute, type ErrorBody, type ResponseOf, type RouteArgs } from '@tandem/protocol';

// Calls the Tandem API through this app's /api proxy route, always by a route of the protocol's
// table (`request(PageRoutes.move, { params: { id }, body })`): the path, the body type and the
// response type are written once, in packages/protocol. Errors carry the protocol's code, so
// screens branch on codes (not_found, forbidden, unauthenticated, ...), never on message text.
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }

  // Per-field reasons of a validation_failed answer, keyed by the body field name ("email").
  get fields(): Record<string, string> {
    const fields = (this.body as Partial<ErrorBody> | undefined)?.error?.fields ?? {};
    return Object.fromEntries(Object.entries(fields).map(([path, reason]) => [path.replace(/^body\./, ''), reason]));
  }
}

export const UNREACHABLE = 'unreachable';

const UNEXPECTED = 'The Tandem server sent an unexpected answer. Try again in a moment.';

// A change sent just before the person navigates away or closes the tab (a page moved, then a
// click elsewhere) must still reach the server: the browser cancels ordinary requests when the
// page unloads, but keeps `keepalive` ones going. Browsers cap keepalive bodies (64 KiB in flight
// in all), so only small bodies ask for it; reads never need it.
const KEEPALIVE_MAX_BODY = 16 * 1024;

function outlivesPage(method: string, body: string | undefined): boolean {
  return method !== 'GET' && (body?.length ?? 0) <= KEEPALIVE_MAX_BODY;
}

export async function request<R extends AnyRoute>(route: R, ...[input]: RouteArgs<R>): Promise<ResponseOf<R>> {
  const { params, body, query } = (input ?? {}) as { params?: Record<string, string>; body?: unknown; query?: Record<string, unknown> };
  const path = routePath(route.path, params ?? {}) + queryString(query);
  const json = body === undefined ? undefined : JSON.stringify(body);
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: route.method,
      body: json,
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      keepalive: outlivesPage(route.method, json),
    });
  } catch {
    throw new ApiRequestError(0, UNREACHABLE, 'The Tandem server cannot be reached. Check your connection.');
  }
  const text = await res.text();
  let answer: unknown;
  try {
    answer = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy or gateway answering HTML: the API itself is not what answered.
    throw new ApiRequestError(res.status, UNREACHABLE, UNEXPECTED);
  }
  if (!res.ok) {
    const error = (answer as Partial<ErrorBody> | undefined)?.error;
    // A 503 from /health still carries a useful report, so keep the body.
    throw new ApiRequestError(res.status, error?.code ?? 'internal', error?.message ?? res.statusText, answer);
  }
  // What can be checked without a schema per answer: an object, a list, or nothing, as the route
  // says. A mismatch is a server (or proxy) fault, never handed on as data.
  if (!matchesShape(route.response, answer)) throw new ApiRequestError(res.status, UNREACHABLE, UNEXPECTED, answer);
  return answer as ResponseOf<R>;
}

// An answer that will not change by waiting (no session, no access, gone) — as opposed to the
// network or the server being down, when what is already on screen should stay.
export function isDefinitive(err: unknown): boolean {
  return err instanceof ApiRequestError && (err.status === 401 || err.status === 403 || err.status === 404);
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof ApiRequestError ? err.code : undefined;
}

// A sentence a person can act on, whatever went wrong.
export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) return err.message;
  return 'Something went wrong. Try again.';
}
