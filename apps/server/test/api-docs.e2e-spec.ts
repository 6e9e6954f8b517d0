import type { INestApplication } from '@nestjs/common';
import { allRoutes } from '@tandem/protocol';
import request from 'supertest';
import { z } from 'zod';
import { createApp } from '../src/app.factory.js';

// The OpenAPI document at /docs-json describes every REST route, with bodies taken from the same
// zod schemas that validate them.
describe('OpenAPI', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp();
    await app.init();
  });
  afterAll(() => app.close());

  it('lists the account, workspace, page and sharing routes with their bodies', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>>;
    for (const path of [
      '/auth/signup',
      '/auth/login',
      '/auth/socket-token',
      '/auth/sessions/{id}',
      '/workspaces',
      '/workspaces/{id}/members/{userId}',
      '/workspaces/{workspaceId}/pages',
      '/pages/{id}/move',
      '/pages/{id}/shares',
      '/pages/{id}/links/{linkId}',
      '/share/{token}',
      '/invitations/{id}/accept',
      '/auth/verify-email',
      '/auth/verify-email/resend',
      '/auth/password-reset/request',
      '/auth/password-reset',
      '/pages/{id}/pending-shares/{pendingId}',
      '/dev/outbox',
      '/workspaces/{workspaceId}/search',
      '/pages/{id}/files',
      '/files/{id}/content',
      '/pages/{id}/export',
      '/workspaces/{id}/export',
      '/workspaces/{id}/imports',
      '/databases/import/preview',
      '/databases/import',
      '/databases/{databaseId}/merge/preview',
      '/databases/{databaseId}/merge',
      '/databases/{databaseId}/views/{viewId}/export.csv',
    ]) {
      expect(Object.keys(paths)).toContain(path);
    }
    const signup = paths['/auth/signup']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(signup.properties ?? {}).sort()).toEqual(['email', 'name', 'password']);
    expect(signup.required?.sort()).toEqual(['email', 'name', 'password']);
    const reset = paths['/auth/password-reset']!.post!.requestBody!.content['application/json']!.schema;
    expect(reset.required?.sort()).toEqual(['password', 'token']);
    const move = paths['/pages/{id}/move']!.post!.requestBody!.content['application/json']!.schema;
    expect(move.required).toEqual(['parentId']);
    // A version's detail documents its database part (a database page's), from the protocol's schema.
    const detail = (res.body.paths['/pages/{id}/versions/{versionId}'] as { get: { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, { properties?: Record<string, unknown>; nullable?: boolean }> } }> }> } }).get;
    const database = detail.responses['200']!.content['application/json']!.schema.properties.database!;
    expect(Object.keys(database.properties ?? {}).sort()).toEqual(['rows', 'schema', 'views']);
    expect(database.nullable).toBe(true);
    // Query strings are documented from the same zod schema that validates them.
    const search = (res.body.paths['/workspaces/{workspaceId}/search'] as { get: { parameters: Array<{ name: string; in: string }> } }).get;
    expect(search.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['cursor', 'editedBy', 'from', 'limit', 'q', 'sort', 'to', 'trash', 'under']);
  });

  // The controllers take their paths from the protocol's route table, so the table, the served
  // routes and the document agree: a route added on one side only fails here.
  it('serves exactly the endpoints of the route table', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const served = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const table = allRoutes().map((r) => `${r.method} ${r.path}`);
    expect(served.sort()).toEqual(table.sort());
  });

  // The routes Express actually serves (what the controllers registered), not what the document
  // says: each one is in the route table and described, with a body schema where the table has one.
  it('describes every route the controllers serve, each body with its required fields', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>>;
    const router = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    const controllerRoutes = router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`))
      .filter((r) => !/ \/docs/.test(r) && r !== 'GET /');
    const table = allRoutes();
    expect(controllerRoutes.length).toBeGreaterThanOrEqual(table.length);
    expect([...new Set(controllerRoutes)].sort()).toEqual(table.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of table) {
      const docPath = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = paths[docPath]?.[route.method.toLowerCase()];
      expect({ route: `${route.method} ${route.path}`, described: !!operation }).toEqual({ route: `${route.method} ${route.path}`, described: true });
      if (!route.body) continue;
      const schema = operation!.requestBody?.content['application/json']?.schema;
      const bodySchema = z.toJSONSchema(route.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { required?: string[] };
      expect({ route: docPath, required: schema?.required?.sort() ?? [] }).toEqual({ route: docPath, required: bodySchema.required?.sort() ?? [] });
    }
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(app.getHttpServer()).get('/docs').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger/i);
  });
});
