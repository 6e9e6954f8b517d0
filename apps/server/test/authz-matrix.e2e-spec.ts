import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { hashPassword, scryptCost } from '../src/auth/password.js';
import { newSecret } from '../src/access/tokens.js';
import { randomEmail, randomIp } from './support/accounts.js';
import { png } from './support/images.js';
import { buildWorlds, changes, ROLES, snapshot, type Role, type Snapshot, type World } from './support/matrix-world.js';
import { apiSuite } from './support/world.js';

// Every role × every endpoint, with the exact status for each cell. A cell expected to succeed at a
// write runs in a world of its own (fresh workspace, pages, people, sessions), so destructive cells
// can't disturb others. Every other cell — a read (GET with no declared effect) or a request expected
// to be refused — must leave the world exactly as it found it, so those share one world per role,
// one cell at a time: each proves the world unchanged, so the next finds the same world a fresh one
// would be (and a refusal that wrongly wrote fails in its own cell, where it happened).

const PASSWORD = 'matrix password';
// Into D: its title, and N as a new number property.
const CSV_MERGE_PLAN = JSON.stringify({ columns: [{ action: 'property', propertyId: 'title' }, { action: 'new', name: 'N', type: 'number' }] });
const CSV_PLAN = JSON.stringify({ title: 'Imported', columns: [{ name: 'Name', type: 'title' }, { name: 'N', type: 'number' }] });

type Expect = [number, number, number, number, number, number, number, number, number, number];
interface Endpoint {
  name: string;
  send: (http: ReturnType<typeof request>, w: World, role: Role) => request.Test;
  expect: Expect;
  // What a success does to the world, as `changes` words it ("pages +1, audit +1"); none: nothing
  // (a read, or a change only outside the world: Redis, a mail).
  effect?: string | ((role: Role) => string);
}

// Roles that hold a share on P (deleting the account or leaving the workspace removes it).
const shared = (role: Role) => role === 'viewer' || role === 'commenter' || role === 'editor';

const commentBody = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

const signedIn = (ok: number): Expect => [ok, ok, ok, ok, ok, ok, ok, ok, 401, 401];

//                                                          owner admin member guest viewer commenter editor outsider anon link
const ENDPOINTS: Endpoint[] = [
  { name: 'GET /health', send: (h) => h.get('/health'), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  {
    name: 'POST /auth/signup',
    send: (h) => h.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: randomEmail('matrix-signup'), name: 'New', password: 'a long enough password' }),
    expect: [201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
      },
  { name: 'POST /auth/login (the target, right password)', send: (h, w) => h.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: w.T.email, password: PASSWORD }), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200], effect: 'audit +1, otherSessions +1' },
  { name: 'POST /auth/login (the target, wrong password)', send: (h, w) => h.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: w.T.email, password: 'not the password' }), expect: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401] },
  { name: 'GET /auth/me', send: (h) => h.get('/auth/me'), expect: signedIn(200) },
  { name: 'GET /auth/sessions', send: (h) => h.get('/auth/sessions'), expect: signedIn(200) },
  { name: 'PATCH /auth/me', send: (h) => h.patch('/auth/me').send({ name: 'Renamed' }), expect: signedIn(200), effect: 'audit +1' },
  { name: 'PATCH /auth/me (theme)', send: (h) => h.patch('/auth/me').send({ theme: 'dark' }), expect: signedIn(200), effect: 'audit +1' },
  { name: 'DELETE /auth/sessions/:id (own)', send: (h, w) => h.delete(`/auth/sessions/${w.actor?.otherSessionId ?? randomUUID()}`), expect: signedIn(204), effect: 'audit +1, sessions ~1' },
  { name: 'POST /auth/verify-email/resend', send: (h) => h.post('/auth/verify-email/resend'), expect: signedIn(204) },
  { name: 'POST /auth/verify-email (unknown token)', send: (h) => h.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: newSecret() }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
  { name: 'POST /auth/password-reset/request', send: (h) => h.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email: randomEmail('matrix-reset') }), expect: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204] },
  { name: 'POST /auth/password-reset (unknown token)', send: (h) => h.post('/auth/password-reset').set('X-Forwarded-For', randomIp()).send({ token: newSecret(), password: 'a long new password' }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
  { name: 'GET /dev/outbox (test env, no SMTP)', send: (h) => h.get('/dev/outbox'), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'POST /auth/logout', send: (h) => h.post('/auth/logout'), expect: signedIn(204), effect: 'audit +1, sessions ~1' },
  { name: 'POST /auth/password', send: (h) => h.post('/auth/password').send({ currentPassword: PASSWORD, newPassword: 'a brand new password' }), expect: signedIn(204), effect: 'audit +1, sessions ~1, users ~1' },
  { name: 'DELETE /auth/me', send: (h) => h.delete('/auth/me').send({ password: PASSWORD }), expect: [409, 204, 204, 204, 204, 204, 204, 204, 401, 401], effect: (role) => `audit +1, comments ~1, ${role === 'outsider' ? '' : 'members -1, '}notifications -2, sessions -2, ${shared(role) ? 'shares -1, ' : ''}transfers -2, users -1` },
  {
    name: 'POST /auth/socket-token',
    send: (h, w, role) => h.post('/auth/socket-token').send(role === 'link' ? { shareToken: w.linkToken } : {}),
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 401, 200],
      },
  { name: 'GET /workspaces', send: (h) => h.get('/workspaces'), expect: signedIn(200) },
  { name: 'POST /workspaces', send: (h) => h.post('/workspaces').send({ name: 'new' }), expect: signedIn(201), effect: 'audit +1' },
  { name: 'PATCH /workspaces/:id', send: (h, w) => h.patch(`/workspaces/${w.workspaceId}`).send({ name: 'renamed' }), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, workspace ~1' },
  { name: 'DELETE /workspaces/:id', send: (h, w) => h.delete(`/workspaces/${w.workspaceId}`), expect: [204, 403, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, comments -5, documents -2, editors -6, files -2, invitations -1, links -1, members -2, notifications -4, pages -6, pendingShares -1, shares -1, threads -3, transfers -3, versions -2, workspace -1' },
  { name: 'GET /workspaces/:id/members', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/members`), expect: [200, 200, 200, 200, 200, 200, 200, 404, 401, 401] },
  {
    name: 'POST /workspaces/:id/invitations',
    send: (h, w) => h.post(`/workspaces/${w.workspaceId}/invitations`).send({ email: randomEmail('matrix-invite'), role: 'member' }),
    expect: [201, 201, 403, 403, 403, 403, 403, 404, 401, 401],
    effect: 'audit +1, invitations +1',
  },
  {
    name: 'POST /workspaces/:id/invitations (a verified account)',
    send: (h, w) => h.post(`/workspaces/${w.workspaceId}/invitations`).send({ email: w.U.email, role: 'member' }),
    expect: [201, 201, 403, 403, 403, 403, 403, 404, 401, 401],
    effect: 'audit +1, invitations +1, notifications +1',
  },
  { name: 'DELETE /workspaces/:id/invitations/:invitationId', send: (h, w) => h.delete(`/workspaces/${w.workspaceId}/invitations/${w.I}`), expect: [204, 204, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, invitations ~1' },
  { name: 'PATCH /workspaces/:id/members/:userId', send: (h, w) => h.patch(`/workspaces/${w.workspaceId}/members/${w.T.id}`).send({ role: 'guest' }), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, members ~1' },
  { name: 'DELETE /workspaces/:id/members/:userId', send: (h, w) => h.delete(`/workspaces/${w.workspaceId}/members/${w.T.id}`), expect: [204, 204, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, members -1, shares -1' },
  { name: 'POST /workspaces/:id/leave', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/leave`), expect: [409, 204, 204, 204, 204, 204, 204, 404, 401, 401], effect: (role) => `audit +1, members -1${shared(role) ? ', shares -1' : ''}` },
  { name: 'POST /workspaces/:id/transfer', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/transfer`).send({ userId: w.T.id }), expect: [200, 403, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, members ~2' },
  { name: 'GET /invitations', send: (h) => h.get('/invitations'), expect: signedIn(200) },
  { name: "POST /invitations/:id/accept (someone else's)", send: (h, w) => h.post(`/invitations/${w.I}/accept`), expect: signedIn(404) },
  { name: "POST /invitations/:id/decline (someone else's)", send: (h, w) => h.post(`/invitations/${w.I}/decline`), expect: signedIn(404) },
  { name: 'GET /workspaces/:id/pages', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/pages`), expect: [200, 200, 200, 200, 200, 200, 200, 404, 401, 401] },
  { name: 'POST /workspaces/:id/pages (root)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/pages`).send({ title: 'x' }), expect: [201, 201, 201, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  {
    name: 'POST /workspaces/:id/pages (under P)',
    send: (h, w) => h.post(`/workspaces/${w.workspaceId}/pages`).send({ title: 'x', parentId: w.P }),
    // A guest who can't see P gets the same answer as for a page that doesn't exist.
    expect: [201, 201, 201, 400, 403, 403, 201, 404, 401, 401],
    effect: 'audit +1, documents +1, editors +1, pages +1',
  },
  // Templates: creating from one needs the create rights above and read access to the template; a
  // template the caller can't read gets the answer of a page that doesn't exist (400).
  { name: 'POST /workspaces/:id/pages (root, built-in template)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/pages`).send({ template: { kind: 'builtin', key: 'meeting-notes' } }), expect: [201, 201, 201, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'POST /workspaces/:id/pages (root, from template C)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/pages`).send({ template: { kind: 'page', pageId: w.C } }), expect: [201, 201, 201, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'POST /workspaces/:id/pages (under P, from template C)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/pages`).send({ parentId: w.P, template: { kind: 'page', pageId: w.C } }), expect: [201, 201, 201, 400, 403, 403, 201, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'POST /workspaces/:id/pages (under P, from template S)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/pages`).send({ parentId: w.P, template: { kind: 'page', pageId: w.S } }), expect: [201, 201, 201, 400, 403, 403, 400, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'PATCH /pages/:id (mark as template)', send: (h, w) => h.patch(`/pages/${w.P}`).send({ template: true }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: 'PATCH /pages/:id (unmark template C)', send: (h, w) => h.patch(`/pages/${w.C}`).send({ template: false }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: 'GET /pages/:id', send: (h, w) => h.get(`/pages/${w.P}`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /pages/:id (child, inherited)', send: (h, w) => h.get(`/pages/${w.C}`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /pages/:id (unshared sibling)', send: (h, w) => h.get(`/pages/${w.S}`), expect: [200, 200, 200, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'PATCH /pages/:id', send: (h, w) => h.patch(`/pages/${w.P}`).send({ title: 'edited' }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: (role) => `audit +1, editors ${role === 'owner' ? '~1' : '+1'}, pages ~1` },
  { name: 'PATCH /pages/:id (options: full width, lock)', send: (h, w) => h.patch(`/pages/${w.P}`).send({ fullWidth: true, locked: true }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: "PATCH /pages/:id (cover: another page's file)", send: (h, w) => h.patch(`/pages/${w.P}`).send({ cover: `file:${w.FC}` }), expect: [400, 400, 400, 404, 403, 403, 400, 404, 401, 401] },
  { name: 'POST /pages/:id/duplicate (child, lands in P)', send: (h, w) => h.post(`/pages/${w.C}/duplicate`).send({}), expect: [201, 201, 201, 404, 403, 403, 201, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'POST /pages/:id/duplicate (root page with its subtree)', send: (h, w) => h.post(`/pages/${w.P}/duplicate`).send({ subtree: true }), expect: [201, 201, 201, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, documents +3, editors +3, pages +3' },
  // Bookmark previews: editors only; the fetch itself changes nothing (the rate count is in Redis).
  { name: 'POST /pages/:id/link-preview (an address that never resolves)', send: (h, w) => h.post(`/pages/${w.P}/link-preview`).send({ url: 'https://preview.invalid/' }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401] },
  { name: 'POST /pages/:id/link-preview (loopback, refused)', send: (h, w) => h.post(`/pages/${w.P}/link-preview`).send({ url: 'http://127.0.0.1/' }), expect: [400, 400, 400, 404, 403, 403, 400, 404, 401, 401] },
  { name: 'POST /pages/:id/move (reorder inside P)', send: (h, w) => h.post(`/pages/${w.C}/move`).send({ parentId: w.P }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: 'POST /pages/:id/move (P under S)', send: (h, w) => h.post(`/pages/${w.P}/move`).send({ parentId: w.S }), expect: [200, 200, 200, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: 'POST /pages/:id/trash (child)', send: (h, w) => h.post(`/pages/${w.C}/trash`), expect: [204, 204, 204, 404, 403, 403, 204, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: 'POST /pages/:id/trash (root page)', send: (h, w) => h.post(`/pages/${w.P}/trash`), expect: [204, 204, 204, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, pages ~4' },
  { name: 'GET /workspaces/:id/trash', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/trash`), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401] },
  { name: 'POST /pages/:id/restore', send: (h, w) => h.post(`/pages/${w.Tr}/restore`), expect: [200, 200, 404, 404, 404, 404, 404, 404, 401, 401], effect: 'audit +1, pages ~1' },
  { name: 'DELETE /pages/:id (trashed)', send: (h, w) => h.delete(`/pages/${w.Tr}`), expect: [204, 204, 404, 404, 404, 404, 404, 404, 401, 401], effect: 'audit +1, editors -1, pages -1' },
  { name: 'DELETE /pages/:id (live)', send: (h, w) => h.delete(`/pages/${w.P}`), expect: [409, 409, 403, 404, 403, 403, 403, 404, 401, 401] },
  // Databases (issue 17): rows inherit the database's access through the parent chain.
  { name: 'GET /databases/:id', send: (h, w) => h.get(`/databases/${w.D}`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /databases/:id/covers', send: (h, w) => h.get(`/databases/${w.D}/covers`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /databases/:id (a page that is no database)', send: (h, w) => h.get(`/databases/${w.C}`), expect: [404, 404, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'POST /databases/:id/query', send: (h, w) => h.post(`/databases/${w.D}/query`).send({ sorts: [{ property: 'title', direction: 'ascending' }] }), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  // Row writes are document edits (Redis stream, then the worker): only a new row's page is in the world.
  { name: 'POST /databases/:id/rows', send: (h, w) => h.post(`/databases/${w.D}/rows`).send({ values: { title: 'New row' } }), expect: [201, 201, 201, 404, 403, 403, 201, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'PATCH /databases/:id/rows/:rowId', send: (h, w) => h.patch(`/databases/${w.D}/rows/${w.R}`).send({ values: { title: 'Renamed' } }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401] },
  { name: 'DELETE /databases/:id/rows/:rowId', send: (h, w) => h.delete(`/databases/${w.D}/rows/${w.R}`), expect: [204, 204, 204, 404, 403, 403, 204, 404, 401, 401] },
  { name: 'POST /databases/:id/rows/:rowId/page', send: (h, w) => h.post(`/databases/${w.D}/rows/${w.R}/page`), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'POST /databases/:id/rows/:rowId/page (has its page)', send: (h, w) => h.post(`/databases/${w.D}/rows/${w.RP}/page`), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401] },
  { name: 'POST /databases/:id/rows/:rowId/page (not a row of D)', send: (h, w) => h.post(`/databases/${w.D}/rows/${w.C}/page`), expect: [404, 404, 404, 404, 403, 403, 404, 404, 401, 401] },
  // CSV (issue 17): the preview stores nothing (its rate count is in Redis); the import is a new
  // page where the person may add one; the export is a read of the database.
  { name: 'POST /databases/import/preview (root)', send: (h, w) => h.post(`/databases/import/preview?workspaceId=${w.workspaceId}`).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'), expect: [200, 200, 200, 403, 403, 403, 403, 404, 401, 401] },
  { name: 'POST /databases/import/preview (under P)', send: (h, w) => h.post(`/databases/import/preview?workspaceId=${w.workspaceId}&parentId=${w.P}`).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'), expect: [200, 200, 200, 400, 403, 403, 200, 404, 401, 401] },
  {
    name: 'POST /databases/import (root)',
    send: (h, w) => h.post(`/databases/import?workspaceId=${w.workspaceId}`).field('plan', CSV_PLAN).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'),
    expect: [201, 201, 201, 403, 403, 403, 403, 404, 401, 401],
    effect: 'audit +1, documents +1, editors +1, pages +1',
  },
  {
    name: 'POST /databases/import (under P)',
    send: (h, w) => h.post(`/databases/import?workspaceId=${w.workspaceId}&parentId=${w.P}`).field('plan', CSV_PLAN).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'),
    expect: [201, 201, 201, 400, 403, 403, 201, 404, 401, 401],
    effect: 'audit +1, documents +1, editors +1, pages +1',
  },
  // Merge with CSV: editors of the database; the preview stores nothing, the merge is a document
  // edit (Redis stream, then the worker), so nothing in the world changes at once.
  { name: 'POST /databases/:id/merge/preview', send: (h, w) => h.post(`/databases/${w.D}/merge/preview`).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401] },
  { name: 'POST /databases/:id/merge', send: (h, w) => h.post(`/databases/${w.D}/merge`).field('plan', CSV_MERGE_PLAN).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'), expect: [201, 201, 201, 404, 403, 403, 201, 404, 401, 401] },
  { name: 'POST /databases/:id/merge (a page that is no database)', send: (h, w) => h.post(`/databases/${w.C}/merge`).field('plan', CSV_MERGE_PLAN).attach('file', Buffer.from('Name,N\nA,1\n'), 'a.csv'), expect: [404, 404, 404, 404, 403, 403, 404, 404, 401, 401] },
  { name: 'GET /databases/:id/views/:viewId/export.csv', send: (h, w) => h.get(`/databases/${w.D}/views/table/export.csv?timeZone=Europe/Paris`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /databases/:id/views/:viewId/export.csv (a page that is no database)', send: (h, w) => h.get(`/databases/${w.C}/views/table/export.csv`), expect: [404, 404, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'POST /pages/:id/trash (a row page)', send: (h, w) => h.post(`/pages/${w.RP}/trash`), expect: [409, 409, 409, 404, 403, 403, 409, 404, 401, 401] },
  { name: 'GET /pages/:id/shares', send: (h, w) => h.get(`/pages/${w.P}/shares`), expect: [200, 200, 403, 404, 403, 403, 403, 404, 401, 401] },
  { name: 'PUT /pages/:id/shares', send: (h, w) => h.put(`/pages/${w.P}/shares`).send({ email: w.T.email, role: 'editor' }), expect: [200, 200, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, shares ~1' },
  { name: 'PUT /pages/:id/shares (a new person)', send: (h, w) => h.put(`/pages/${w.P}/shares`).send({ email: w.U.email, role: 'viewer' }), expect: [200, 200, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, members +1, notifications +1, shares +1' },
  { name: 'PUT /pages/:id/shares (no verified account)', send: (h, w) => h.put(`/pages/${w.P}/shares`).send({ email: randomEmail('matrix-unverified'), role: 'viewer' }), expect: [202, 202, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, pendingShares +1' },
  { name: 'DELETE /pages/:id/pending-shares/:pendingId', send: (h, w) => h.delete(`/pages/${w.P}/pending-shares/${w.PS}`), expect: [204, 204, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, pendingShares -1' },
  { name: 'DELETE /pages/:id/shares/:userId', send: (h, w) => h.delete(`/pages/${w.P}/shares/${w.T.id}`), expect: [204, 204, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, shares -1' },
  { name: 'GET /pages/:id/links', send: (h, w) => h.get(`/pages/${w.P}/links`), expect: [200, 200, 403, 404, 403, 403, 403, 404, 401, 401] },
  { name: 'POST /pages/:id/links', send: (h, w) => h.post(`/pages/${w.P}/links`), expect: [201, 201, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, links +1' },
  { name: 'DELETE /pages/:id/links/:linkId', send: (h, w) => h.delete(`/pages/${w.P}/links/${w.L}`), expect: [204, 204, 403, 404, 403, 403, 403, 404, 401, 401], effect: 'audit +1, links ~1' },
  { name: 'GET /pages/:id/versions', send: (h, w) => h.get(`/pages/${w.P}/versions`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /pages/:id/versions/:versionId', send: (h, w) => h.get(`/pages/${w.P}/versions/${w.V}`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: "GET /pages/:id/versions/:versionId (another page's version)", send: (h, w) => h.get(`/pages/${w.P}/versions/${w.VS}`), expect: [404, 404, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'GET /pages/:id/versions/:versionId/diff', send: (h, w) => h.get(`/pages/${w.P}/versions/${w.V}/diff?against=previous`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'POST /pages/:id/versions', send: (h, w) => h.post(`/pages/${w.P}/versions`).send({ name: 'Draft' }), expect: [201, 201, 201, 404, 403, 403, 201, 404, 401, 401], effect: 'audit +1, documents ~1, versions +1' },
  { name: 'PATCH /pages/:id/versions/:versionId', send: (h, w) => h.patch(`/pages/${w.P}/versions/${w.V}`).send({ name: 'Kept' }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, versions ~1' },
  { name: "PATCH /pages/:id/versions/:versionId (another page's version)", send: (h, w) => h.patch(`/pages/${w.P}/versions/${w.VS}`).send({ name: 'Kept' }), expect: [404, 404, 404, 404, 403, 403, 404, 404, 401, 401] },
  { name: 'POST /pages/:id/versions/:versionId/restore', send: (h, w) => h.post(`/pages/${w.P}/versions/${w.V}/restore`), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'audit +1, documents ~1, versions +1' },
  { name: "POST /pages/:id/versions/:versionId/restore (another page's version)", send: (h, w) => h.post(`/pages/${w.P}/versions/${w.VS}/restore`), expect: [404, 404, 404, 404, 403, 403, 404, 404, 401, 401] },
  { name: 'GET /workspaces/:id/search', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/search?q=p`), expect: [200, 200, 200, 200, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /workspaces/:id/search (trash)', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/search?q=tr&trash=true`), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401] },
  { name: 'GET /workspaces/:id/search (under P)', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/search?under=${w.P}`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /workspaces/:id/audit-log', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/audit-log`), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401] },
  { name: 'GET /workspaces/:id/audit-log/export', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/audit-log/export?action=page.`), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401] },
  { name: 'GET /workspaces/:id/favorites', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/favorites`), expect: [200, 200, 200, 200, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /workspaces/:id/recent', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/recent`), expect: [200, 200, 200, 200, 200, 200, 200, 404, 401, 401] },
  { name: 'PUT /pages/:id/favorite', send: (h, w) => h.put(`/pages/${w.P}/favorite`), expect: [204, 204, 204, 404, 204, 204, 204, 404, 401, 401], effect: 'favorites +1' },
  { name: 'PUT /pages/:id/favorite (unshared sibling)', send: (h, w) => h.put(`/pages/${w.S}/favorite`), expect: [204, 204, 204, 404, 404, 404, 404, 404, 401, 401], effect: 'favorites +1' },
  // Removing a favorite the person never set: nothing to change, the same answer for every page.
  { name: 'DELETE /pages/:id/favorite', send: (h, w) => h.delete(`/pages/${w.P}/favorite`), expect: [204, 204, 204, 204, 204, 204, 204, 204, 401, 401] },
  { name: 'GET /pages/:id/backlinks', send: (h, w) => h.get(`/pages/${w.C}/backlinks`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'POST /pages/:id/visit', send: (h, w) => h.post(`/pages/${w.C}/visit`), expect: [204, 204, 204, 404, 204, 204, 204, 404, 401, 401], effect: 'visits +1' },
  { name: 'POST /pages/:id/files', send: (h, w) => h.post(`/pages/${w.P}/files`).attach('file', png(2, 2), 'matrix.png'), expect: [201, 201, 201, 404, 403, 403, 201, 404, 401, 401], effect: 'audit +1, files +1' },
  { name: 'POST /pages/:id/files (trashed page)', send: (h, w) => h.post(`/pages/${w.Tr}/files`).attach('file', png(2, 2), 'matrix.png'), expect: [409, 409, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'GET /pages/:id/files', send: (h, w) => h.get(`/pages/${w.P}/files`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  // The link's holder has no session: its token comes in the query (an <img> can't send headers).
  {
    name: 'GET /files/:id/content (child of P)',
    send: (h, w, role) => h.get(`/files/${w.FC}/content${role === 'link' ? `?share=${w.linkToken}` : ''}`),
    expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 200],
  },
  {
    name: 'GET /files/:id/content (unshared sibling)',
    send: (h, w, role) => h.get(`/files/${w.FS}/content${role === 'link' ? `?share=${w.linkToken}` : ''}`),
    expect: [200, 200, 200, 404, 404, 404, 404, 404, 401, 404],
  },
  { name: 'GET /pages/:id/export', send: (h, w) => h.get(`/pages/${w.P}/export?subpages=true`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /pages/:id/export (trashed page)', send: (h, w) => h.get(`/pages/${w.Tr}/export?format=html`), expect: [409, 409, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'GET /workspaces/:id/export', send: (h, w) => h.get(`/workspaces/${w.workspaceId}/export`), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401] },
  { name: 'POST /workspaces/:id/imports (root)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/imports`).attach('file', Buffer.from('# Imported\n\nText.\n'), 'imported.md'), expect: [201, 201, 201, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'POST /workspaces/:id/imports (under P)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/imports?parentId=${w.P}`).attach('file', Buffer.from('Text.\n'), 'imported.md'), expect: [201, 201, 201, 400, 403, 403, 201, 404, 401, 401], effect: 'audit +1, documents +1, editors +1, pages +1' },
  { name: 'GET /pages/:id/threads', send: (h, w) => h.get(`/pages/${w.P}/threads`), expect: [200, 200, 200, 404, 200, 200, 200, 404, 401, 401] },
  { name: 'GET /pages/:id/threads (unshared sibling)', send: (h, w) => h.get(`/pages/${w.S}/threads`), expect: [200, 200, 200, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'POST /workspaces/:id/import-jobs (root)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/import-jobs`).attach('file', Buffer.from('# Imported\n\nText.\n'), 'imported.md'), expect: [202, 202, 202, 403, 403, 403, 403, 404, 401, 401], effect: 'transfers +1' },
  { name: 'POST /workspaces/:id/import-jobs (under P)', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/import-jobs?parentId=${w.P}`).attach('file', Buffer.from('Text.\n'), 'imported.md'), expect: [202, 202, 202, 400, 403, 403, 202, 404, 401, 401], effect: 'transfers +1' },
  { name: 'POST /pages/:id/export-jobs', send: (h, w) => h.post(`/pages/${w.P}/export-jobs`).send({ format: 'markdown', subpages: true }), expect: [202, 202, 202, 404, 202, 202, 202, 404, 401, 401], effect: 'transfers +1' },
  { name: 'POST /pages/:id/export-jobs (unshared sibling)', send: (h, w) => h.post(`/pages/${w.S}/export-jobs`).send({ format: 'html' }), expect: [202, 202, 202, 404, 404, 404, 404, 404, 401, 401], effect: 'transfers +1' },
  { name: 'POST /pages/:id/export-jobs (trashed page)', send: (h, w) => h.post(`/pages/${w.Tr}/export-jobs`).send({ format: 'html' }), expect: [409, 409, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'POST /workspaces/:id/export-jobs', send: (h, w) => h.post(`/workspaces/${w.workspaceId}/export-jobs`).send({ format: 'markdown' }), expect: [202, 202, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'transfers +1' },
  { name: 'GET /transfers/:id (own)', send: (h, w) => h.get(`/transfers/${w.X}`), expect: signedIn(200) },
  { name: "GET /transfers/:id (someone else's)", send: (h, w) => h.get(`/transfers/${w.XT}`), expect: signedIn(404) },
  { name: 'GET /transfers/:id/download (own)', send: (h, w) => h.get(`/transfers/${w.X}/download`), expect: signedIn(200) },
  { name: "GET /transfers/:id/download (someone else's)", send: (h, w) => h.get(`/transfers/${w.XT}/download`), expect: signedIn(404) },
  { name: 'GET /transfers/:id (own, expired)', send: (h, w) => h.get(`/transfers/${w.XE}`), expect: signedIn(200) },
  { name: 'GET /transfers/:id/download (own, expired)', send: (h, w) => h.get(`/transfers/${w.XE}/download`), expect: signedIn(410) },
  { name: 'POST /pages/:id/threads', send: (h, w) => h.post(`/pages/${w.P}/threads`).send({ body: commentBody('A thought') }), expect: [201, 201, 201, 404, 403, 201, 201, 404, 401, 401], effect: (role) => `audit +1, comments +1, ${role === 'owner' ? '' : 'notifications +1, '}threads +1` },
  { name: 'POST /pages/:id/threads/:threadId/comments', send: (h, w) => h.post(`/pages/${w.P}/threads/${w.TP}/comments`).send({ body: commentBody('A reply') }), expect: [201, 201, 201, 404, 403, 201, 201, 404, 401, 401], effect: (role) => `audit +1, comments +1, notifications +${role === 'owner' ? 1 : 2}` },
  { name: "POST /pages/:id/threads/:threadId/comments (another page's thread)", send: (h, w) => h.post(`/pages/${w.P}/threads/${w.TS}/comments`).send({ body: commentBody('A reply') }), expect: [404, 404, 404, 404, 403, 404, 404, 404, 401, 401] },
  { name: 'PATCH /pages/:id/threads/:threadId/comments/:commentId (own)', send: (h, w) => h.patch(`/pages/${w.P}/threads/${w.TP}/comments/${w.CA}`).send({ body: commentBody('Edited') }), expect: [200, 200, 200, 404, 403, 200, 200, 404, 401, 401], effect: 'audit +1, comments ~1' },
  { name: "PATCH /pages/:id/threads/:threadId/comments/:commentId (someone else's)", send: (h, w) => h.patch(`/pages/${w.P}/threads/${w.TP}/comments/${w.CT}`).send({ body: commentBody('Edited') }), expect: [403, 403, 403, 404, 403, 403, 403, 404, 401, 401] },
  { name: 'DELETE /pages/:id/threads/:threadId/comments/:commentId (own)', send: (h, w) => h.delete(`/pages/${w.P}/threads/${w.TP}/comments/${w.CA}`), expect: [204, 204, 204, 404, 403, 204, 204, 404, 401, 401], effect: 'audit +1, comments -1' },
  { name: "DELETE /pages/:id/threads/:threadId/comments/:commentId (someone else's)", send: (h, w) => h.delete(`/pages/${w.P}/threads/${w.TP}/comments/${w.CT}`), expect: [204, 204, 204, 404, 403, 403, 204, 404, 401, 401], effect: 'audit +1, comments -1, notifications -1' },
  { name: 'POST /pages/:id/threads/:threadId/resolve', send: (h, w) => h.post(`/pages/${w.P}/threads/${w.TP}/resolve`), expect: [200, 200, 200, 404, 403, 200, 200, 404, 401, 401], effect: 'audit +1, threads ~1' },
  { name: 'POST /pages/:id/threads/:threadId/reopen', send: (h, w) => h.post(`/pages/${w.P}/threads/${w.TR}/reopen`), expect: [200, 200, 200, 404, 403, 200, 200, 404, 401, 401], effect: 'audit +1, threads ~1' },
  { name: 'GET /share/:token/threads', send: (h, w) => h.get(`/share/${w.linkToken}/threads`), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'GET /share/:token/threads (unknown)', send: (h) => h.get(`/share/${newSecret()}/threads`), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
  { name: 'GET /notifications', send: (h) => h.get('/notifications'), expect: signedIn(200) },
  { name: 'POST /notifications/:id/read (own, on P)', send: (h, w) => h.post(`/notifications/${w.N}/read`), expect: [204, 204, 204, 404, 204, 204, 204, 404, 401, 401], effect: 'notifications ~1' },
  { name: "POST /notifications/:id/read (someone else's)", send: (h, w) => h.post(`/notifications/${w.NT}/read`), expect: [404, 404, 404, 404, 404, 404, 404, 404, 401, 401] },
  { name: 'POST /notifications/:id/read (own export notice)', send: (h, w) => h.post(`/notifications/${w.NX}/read`), expect: signedIn(204), effect: 'notifications ~1' },
  { name: "POST /notifications/:id/read (someone else's export notice)", send: (h, w) => h.post(`/notifications/${w.NXT}/read`), expect: signedIn(404) },
  { name: 'POST /notifications/read-all', send: (h) => h.post('/notifications/read-all'), expect: signedIn(204), effect: 'notifications ~2' },
  { name: 'POST /pages/:id/mentions', send: (h, w) => h.post(`/pages/${w.P}/mentions`).send({ userIds: [w.T.id] }), expect: [200, 200, 200, 404, 403, 403, 200, 404, 401, 401], effect: 'notifications +1' },
  { name: 'POST /pages/:id/mentions (someone outside the workspace)', send: (h, w) => h.post(`/pages/${w.P}/mentions`).send({ userIds: [w.U.id] }), expect: [400, 400, 400, 404, 403, 403, 400, 404, 401, 401] },
  { name: 'GET /notifications/settings', send: (h) => h.get('/notifications/settings'), expect: signedIn(200) },
  { name: 'PATCH /notifications/settings', send: (h) => h.patch('/notifications/settings').send({ emailMentions: false }), expect: signedIn(200), effect: 'audit +1, users ~1' },
  { name: 'PATCH /workspaces/:id/settings', send: (h, w) => h.patch(`/workspaces/${w.workspaceId}/settings`).send({ commentsOnPublicLinks: false }), expect: [200, 200, 403, 403, 403, 403, 403, 404, 401, 401], effect: 'audit +1, workspace ~1' },
  { name: 'GET /share/:token', send: (h, w) => h.get(`/share/${w.linkToken}`), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'GET /share/:token (unknown)', send: (h) => h.get(`/share/${newSecret()}`), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
];

describe('authorization matrix', () => {
  // Import cells parse a real file in the Markdown pool. Its 5 s limit is for costly input
  // (page-import tests it); ten ordinary imports at once on a busy machine ran past it.
  process.env.MARKDOWN_IMPORT_TIME_LIMIT_MS = '60000';
  const api = apiSuite();
  let passwordHash: string;

  beforeAll(async () => {
    // At the suite's cost (test/setup-env.ts), not production's: a log-in cell checks this hash, and
    // ten at once at 2^17 (128 MiB, ~0.4 s of a core each) ran into the cell timeout on a busy machine.
    passwordHash = await hashPassword(PASSWORD, scryptCost(Number(process.env.AUTH_PASSWORD_COST)));
  });

  // The worlds, inserted in bulk (made one row at a time, ~35 statements a world, they were 40% of
  // the matrix's time): one per role for the cells that change nothing, made first; and a fresh one
  // for every cell expected to write, made a batch at a time when a cell first needs one, while
  // other cells run.
  const changesNothing = (endpoint: Endpoint, status: number) => status >= 400 || (endpoint.name.startsWith('GET ') && endpoint.effect === undefined);
  const sharedWorlds = new Map<Role, { world: World; seen: Snapshot; queue: Promise<unknown> }>();
  beforeAll(async () => {
    const worlds = await buildWorlds(api.app, ROLES, passwordHash);
    for (const [i, role] of ROLES.entries()) sharedWorlds.set(role, { world: worlds[i]!, seen: await snapshot(api.prisma, worlds[i]!), queue: Promise.resolve() });
  });
  const FRESH_BATCH = 20;
  const freshRoles = ENDPOINTS.flatMap((endpoint) => ROLES.filter((_, i) => !changesNothing(endpoint, endpoint.expect[i]!)));
  const freshBatches = new Map<number, Promise<World[]>>();
  const freshWorld = async (n: number): Promise<World> => {
    const batch = Math.floor(n / FRESH_BATCH);
    if (!freshBatches.has(batch)) freshBatches.set(batch, buildWorlds(api.app, freshRoles.slice(batch * FRESH_BATCH, (batch + 1) * FRESH_BATCH), passwordHash));
    return (await freshBatches.get(batch)!)[n % FRESH_BATCH]!;
  };

  const send = async (endpoint: Endpoint, world: World, role: Role, status: number) => {
    let req = endpoint.send(api.http, world, role);
    if (world.actor) req = req.set('Authorization', world.actor.bearer);
    const res = await req;
    if (res.status !== status) throw new Error(`${endpoint.name} as ${role}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    if (status >= 400) expect(typeof res.body.error.code).toBe('string');
  };

  // A success did exactly its thing, once: the rows it added, removed or changed, per table.
  async function inFreshWorld(endpoint: Endpoint, role: Role, status: number, n: number): Promise<void> {
    const world = await freshWorld(n);
    const before = await snapshot(api.prisma, world);
    await send(endpoint, world, role, status);
    const change = changes(before.tables!, (await snapshot(api.prisma, world)).tables!);
    if (process.env.MATRIX_PRINT) console.log(`EFFECT ${endpoint.name} | ${role} | ${change}`);
    const expected = typeof endpoint.effect === 'function' ? endpoint.effect(role) : endpoint.effect;
    expect(change).toBe(expected ?? '');
  }

  // A refusal or a plain read changed nothing. The role's cells take turns in its world, each
  // comparing the world with what the previous one left (`seen`): a fingerprint while nothing
  // changes, the rows themselves when something did. Whatever the answer was, `seen` then moves on
  // to the world as this cell left it, so the next cell is judged on its own request.
  async function inSharedWorld(endpoint: Endpoint, role: Role, status: number): Promise<void> {
    const shared = sharedWorlds.get(role)!;
    const turn = shared.queue.then(async () => {
      const wrongAnswer = await send(endpoint, shared.world, role, status).then(() => null, (err: unknown) => err);
      const now = await snapshot(api.prisma, shared.world, false);
      const before = shared.seen;
      if (now.fingerprint !== before.fingerprint) shared.seen = await snapshot(api.prisma, shared.world);
      if (wrongAnswer) throw wrongAnswer;
      if (shared.seen === before) return;
      if (status >= 400) expect(shared.seen.tables).toEqual(before.tables);
      else expect(changes(before.tables!, shared.seen.tables!)).toBe('');
    });
    shared.queue = turn.catch(() => undefined);
    return turn;
  }

  // One flat list of cells, not a describe per endpoint: Jest runs a block's concurrent tests
  // together but the blocks one after another, so per-endpoint blocks waited ~158 times on their
  // slowest cell. Here up to maxConcurrency cells of any endpoints are in flight (jest.config.js).
  let fresh = 0;
  for (const endpoint of ENDPOINTS) {
    for (const [i, role] of ROLES.entries()) {
      const status = endpoint.expect[i]!;
      const n = changesNothing(endpoint, status) ? null : fresh++;
      it.concurrent(`${endpoint.name} as ${role} → ${status}`, () => (n === null ? inSharedWorld(endpoint, role, status) : inFreshWorld(endpoint, role, status, n)));
    }
  }
});
