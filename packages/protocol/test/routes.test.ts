import { allRoutes, ApiRoutes, matchesShape, queryString, routePath } from '../src/index.js';

describe('the route table', () => {
  it('lists each method + path once', () => {
    const keys = allRoutes().map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    // A download may end in its file type (GET …/export.csv).
    for (const key of keys) expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/[a-z-]+(\/(:[A-Za-z]+|[a-z-]+))*(\.[a-z]+)?$/);
  });

  it('gives bodies only to methods that carry one, and no body to GET', () => {
    for (const route of allRoutes()) if (route.method === 'GET') expect(route.body).toBeUndefined();
    expect(ApiRoutes.pages.move.body?.safeParse({ parentId: null }).success).toBe(true);
    expect(ApiRoutes.pages.move.body?.safeParse({}).success).toBe(false);
  });

  it('fills path parameters, encoded', () => {
    expect(routePath(ApiRoutes.workspaces.removeMember.path, { id: 'w1', userId: 'u 2' })).toBe('/workspaces/w1/members/u%202');
    expect(routePath(ApiRoutes.sharing.sharedPage.path, { token: 'a/b' })).toBe('/share/a%2Fb');
    expect(() => routePath('/pages/:id' as string, {} as never)).toThrow(/id/);
  });

  it('checks the shape of an answer', () => {
    expect(ApiRoutes.workspaces.list.response).toBe('array');
    expect(ApiRoutes.pages.deleteForever.response).toBe('empty');
    expect(ApiRoutes.pages.get.response).toBe('object');
    expect(matchesShape('object', { a: 1 })).toBe(true);
    expect(matchesShape('object', [])).toBe(false);
    expect(matchesShape('object', null)).toBe(false);
    expect(matchesShape('array', [])).toBe(true);
    expect(matchesShape('array', {})).toBe(false);
    expect(matchesShape('empty', undefined)).toBe(true);
    expect(matchesShape('empty', {})).toBe(false);
  });

  it('writes a query string, leaving out empty fields', () => {
    expect(queryString(undefined)).toBe('');
    expect(queryString({ cursor: undefined, limit: null })).toBe('');
    expect(queryString({ q: 'a&b c', limit: 20, trash: false })).toBe('?q=a%26b+c&limit=20&trash=false');
    expect(queryString({ tag: ['x', 'y'] })).toBe('?tag=x&tag=y');
    expect(queryString({ since: new Date('2026-01-02T03:04:05.000Z') })).toBe('?since=2026-01-02T03%3A04%3A05.000Z');
  });
});
