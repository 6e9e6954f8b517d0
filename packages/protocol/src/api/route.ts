import type { z } from 'zod';

// The typed route table's building block: one REST endpoint's method, path (with `:name`
// parameters, Express/Nest syntax), body schema and response type, written once here and used by
// both the server's controllers (their paths) and the web client (paths, bodies, response types).

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// What a client can check of an answer without a schema per response: a JSON object, a JSON
// array, no body at all (204), bytes (a file download), or a CSV file (text/csv, a download rather
// than a JSON answer).
export type ResponseShape = 'object' | 'array' | 'empty' | 'binary' | 'csv';

export interface Route<
  Path extends string = string,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Response = unknown,
  Query extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  readonly path: Path;
  readonly body: Body;
  // The query string's schema (a zod object of optional fields), when the route takes one.
  readonly query: Query;
  readonly response: ResponseShape;
  // Never set: carries the response type for ResponseOf.
  readonly __response?: Response;
}

export type AnyRoute = Route<string, z.ZodType | undefined, unknown, z.ZodType | undefined>;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type RouteParams<P extends string> = { [K in ParamNames<P>]: string };
export type ResponseOf<R> = R extends Route<string, z.ZodType | undefined, infer T, z.ZodType | undefined> ? T : never;
export type BodyOf<R> = R extends Route<string, infer B, unknown, z.ZodType | undefined> ? (B extends z.ZodType ? z.input<B> : never) : never;
export type QueryOf<R> = R extends Route<string, z.ZodType | undefined, unknown, infer Q> ? (Q extends z.ZodType ? z.input<Q> : never) : never;

// What a call of the route needs: its path parameters and its body, each only when it has one,
// and its query when it takes one (always optional: query fields are filters and cursors).
type Nothing = Record<never, never>;
export type RouteInput<R extends AnyRoute> = ([ParamNames<R['path']>] extends [never] ? Nothing : { params: RouteParams<R['path']> }) &
  (R['body'] extends z.ZodType ? { body: z.input<R['body']> } : Nothing) &
  (R['query'] extends z.ZodType ? { query?: z.input<R['query']> } : Nothing);

// A call's arguments: the input, which may be left out when the route needs neither.
export type RouteArgs<R extends AnyRoute> = Nothing extends RouteInput<R> ? [input?: RouteInput<R>] : [input: RouteInput<R>];

// `defineRoute<PageView>()({ method: 'POST', path: '/pages/:id/move', body: MovePageBody })`: the
// response type is given, the rest inferred. `response` defaults from the method: DELETE answers
// with no body, everything else with an object.
export function defineRoute<Response>() {
  return <const Path extends string, Body extends z.ZodType | undefined = undefined, Query extends z.ZodType | undefined = undefined>(def: {
    method: HttpMethod;
    path: Path;
    body?: Body;
    query?: Query;
    response?: ResponseShape;
  }): Route<Path, Body, Response, Query> => ({
    method: def.method,
    path: def.path,
    body: def.body as Body,
    query: def.query as Query,
    response: def.response ?? (def.method === 'DELETE' ? 'empty' : 'object'),
  });
}

// The concrete path of a call: each `:name` replaced by its parameter, URL-encoded.
export function routePath<P extends string>(path: P, params: RouteParams<P>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = (params as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(value);
  });
}

// A call's query string ("?cursor=abc&limit=20", or "" when there is nothing to send): fields
// left undefined or null are omitted, arrays repeat their key, everything else is stringified.
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item instanceof Date ? item.toISOString() : String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Does an answer's body have the shape the route promises?
export function matchesShape(shape: ResponseShape, body: unknown): boolean {
  if (shape === 'empty') return body === undefined;
  if (shape === 'array') return Array.isArray(body);
  if (shape === 'binary') return body !== undefined;
  if (shape === 'csv') return typeof body === 'string';
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
