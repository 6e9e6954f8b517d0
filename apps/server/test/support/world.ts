import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { PageView, WorkspaceRole } from '@tandem/protocol';
import { createApp } from '../../src/app.factory.js';
import { PrismaService } from '../../src/infra/prisma.service.js';
import { signUp, type TestUser } from './accounts.js';

// Builds workspaces and pages through the API, with memberships set directly in the database where
// a suite is not about how people join.

// The API as production builds it, in-process: the app, its Prisma client, a Supertest agent on it.
export async function openApi(): Promise<{ app: INestApplication; prisma: PrismaService; http: ReturnType<typeof request> }> {
  const app = await createApp();
  await app.init();
  return { app, prisma: app.get(PrismaService), http: request(app.getHttpServer()) };
}

export async function createWorkspace(app: INestApplication, owner: TestUser, name = 'Workspace'): Promise<string> {
  const res = await request(app.getHttpServer()).post('/workspaces').set('Authorization', owner.bearer).send({ name });
  if (res.status !== 201) throw new Error(`create workspace: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function addMember(app: INestApplication, workspaceId: string, role: WorkspaceRole, label: string = role): Promise<TestUser> {
  const user = await signUp(app, label);
  await app.get(PrismaService).workspaceMember.create({ data: { workspaceId, userId: user.id, role } });
  return user;
}

export async function createPage(
  app: INestApplication,
  as: TestUser,
  workspaceId: string,
  body: { parentId?: string | null; title?: string; icon?: string; afterId?: string; beforeId?: string } = {},
): Promise<PageView> {
  const res = await request(app.getHttpServer()).post(`/workspaces/${workspaceId}/pages`).set('Authorization', as.bearer).send(body);
  if (res.status !== 201) throw new Error(`create page: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PageView;
}

export async function titlesUnder(app: INestApplication, as: TestUser, workspaceId: string, parentId: string | null): Promise<string[]> {
  const res = await request(app.getHttpServer()).get(`/workspaces/${workspaceId}/pages`).set('Authorization', as.bearer).expect(200);
  return (res.body.pages as PageView[])
    .filter((p) => p.parentId === parentId)
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    .map((p) => p.title);
}

export interface ApiSuite {
  app: INestApplication;
  prisma: PrismaService;
  http: ReturnType<typeof request>;
  // The account that owns the suite's workspaces (only when the suite named one).
  owner: TestUser;
}

// The set-up the REST suites share: the API in-process for the whole suite (closed after it) and,
// when `ownerLabel` is given, one signed-up account that creates the suite's workspaces. Fields are
// filled before the first test runs; read them inside tests, not at the top of the file.
export function apiSuite(ownerLabel?: string): ApiSuite {
  const suite = {} as ApiSuite;
  beforeAll(async () => {
    Object.assign(suite, await openApi());
    if (ownerLabel) suite.owner = await signUp(suite.app, ownerLabel);
  });
  afterAll(() => suite.app?.close());
  return suite;
}
