import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { addRows, initDatabase } from '@tandem/database/ydoc';
import { yDocFromJSON } from '@tandem/editor';
import * as Y from 'yjs';
import { hashSecret, newSecret } from '../../src/access/tokens.js';
import { FileStorage, fileKey } from '../../src/files/file-storage.js';
import type { Prisma, WorkspaceRole } from '../../src/generated/prisma/client.js';
import { PrismaService } from '../../src/infra/prisma.service.js';
import { randomEmail } from './accounts.js';
import { png } from './images.js';

// The authorization matrix's worlds (authz-matrix.e2e-spec.ts): what each role finds, and the
// snapshot of everything a request could touch in it.

export const ROLES = ['owner', 'admin', 'member', 'guest', 'viewer', 'commenter', 'editor', 'outsider', 'anonymous', 'link'] as const;
export type Role = (typeof ROLES)[number];

export interface World {
  workspaceId: string;
  // P: a root page (target of shares); C: its child; S: another root page; Tr: a trashed root page.
  // C and S are marked as templates (C readable through P's shares, S not).
  P: string;
  C: string;
  S: string;
  Tr: string;
  // T: a member to act upon; I: a pending invitation; L: an active link on P; PS: a share on P
  // waiting for an unverified address.
  T: { id: string; email: string };
  // U: a verified account outside the workspace (to share with, invite, or mention in vain).
  U: { id: string; email: string };
  I: string;
  PS: string;
  L: string;
  // V: an automatic version of P; VS: a version of S (not reachable through P).
  V: string;
  VS: string;
  // D: a database under P (so P's shares reach it) whose document holds one row R; RP: a row of D
  // that already has its page (R has none yet).
  D: string;
  R: string;
  RP: string;
  // FC: a file of C (under P, so the link reaches it); FS: a file of S.
  FC: string;
  FS: string;
  // TP: an open thread on P (opened by the owner) with a reply by T (CT) and, when there is an
  // actor, one by the actor (CA); TR: a resolved thread on P; TS: a thread on S.
  TP: string;
  CT: string;
  CA: string;
  TR: string;
  TS: string;
  // N: the actor's notification of T's reply on P (when there is an actor); NT: T's notification.
  N: string;
  NT: string;
  // X: a finished export of the actor's (when there is an actor); XT: one of T's. Each has its
  // "ready" notice in its person's inbox (NX, NXT). XE: an expired export of the actor's.
  X: string;
  XT: string;
  NX: string;
  NXT: string;
  XE: string;
  linkToken: string;
  actor: { id: string; email: string; bearer: string; otherSessionId: string } | null;
  // The other people of the world (owner unless the actor is, the target): their rows are theirs.
  others: string[];
}

// Time-ordered ids, as the schema's uuid(7) default makes them (an inbox lists by id): the world's
// rows are inserted in bulk, so their ids are made here.
let lastMs = 0;
let sequence = 0;
function uuid7(): string {
  const now = Date.now();
  if (now > lastMs) [lastMs, sequence] = [now, 0];
  else if (++sequence > 0xfff) [lastMs, sequence] = [lastMs + 1, 0];
  const b = randomBytes(16);
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (sequence >> 8);
  b[7] = sequence & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const commentBody = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const versionState = (text: string) => Buffer.from(Y.encodeStateAsUpdate(yDocFromJSON(commentBody(text))));
const shared = (role: Role) => role === 'viewer' || role === 'commenter' || role === 'editor';

// Rows of many worlds, gathered per table and inserted in a few statements (one world made with a
// statement per row took ~35 round trips and commits: 40% of the matrix's time went on them).
class Rows {
  workspaces: Prisma.WorkspaceCreateManyInput[] = [];
  users: Prisma.UserCreateManyInput[] = [];
  members: Prisma.WorkspaceMemberCreateManyInput[] = [];
  pages: Prisma.PageCreateManyInput[] = [];
  links: Prisma.ShareLinkCreateManyInput[] = [];
  invitations: Prisma.InvitationCreateManyInput[] = [];
  pendingShares: Prisma.PendingShareCreateManyInput[] = [];
  shares: Prisma.PageShareCreateManyInput[] = [];
  documents: Prisma.DocumentCreateManyInput[] = [];
  versions: Prisma.DocumentVersionCreateManyInput[] = [];
  files: Prisma.FileCreateManyInput[] = [];
  threads: Prisma.CommentThreadCreateManyInput[] = [];
  comments: Prisma.CommentCreateManyInput[] = [];
  transfers: Prisma.TransferCreateManyInput[] = [];
  notifications: Prisma.NotificationCreateManyInput[] = [];
  sessions: Prisma.SessionCreateManyInput[] = [];
  // Bytes for the file storage, by key.
  stored: Array<{ key: string; bytes: Buffer; mime: string }> = [];
}

// Plans one world for `role` into `rows` and returns what its cells need to know.
function planWorld(rows: Rows, role: Role, passwordHash: string, versions: Record<'P' | 'S', ReturnType<typeof versionState>>): World {
  const now = new Date();
  const person = (label: string) => {
    const user = { id: uuid7(), email: randomEmail(`matrix-${label}`), name: label, passwordHash, emailVerifiedAt: now };
    rows.users.push(user);
    return user;
  };
  const workspaceId = uuid7();
  rows.workspaces.push({ id: workspaceId, name: 'Matrix' });
  const actorUser = role === 'anonymous' || role === 'link' ? null : person(role);
  const owner = role === 'owner' ? actorUser! : person('owner');
  const target = person('target');
  const stranger = person('stranger');
  const members: Array<{ userId: string; role: WorkspaceRole }> = [
    { userId: owner.id, role: 'owner' },
    { userId: target.id, role: 'member' },
  ];
  if (actorUser && role !== 'owner' && role !== 'outsider') members.push({ userId: actorUser.id, role: role === 'admin' || role === 'member' ? role : 'guest' });
  rows.members.push(...members.map((m) => ({ ...m, workspaceId })));

  const page = (title: string, position: string, parentId: string | null, more: Partial<Prisma.PageCreateManyInput> = {}) => {
    const id = more.id ?? uuid7();
    rows.pages.push({ id, workspaceId, title, position, parentId, createdById: owner.id, ...more });
    return id;
  };
  const P = page('P', 'a0', null);
  const S = page('S', 'a1', null, { template: true });
  const Tr = uuid7();
  page('Tr', 'a2', null, { id: Tr, deletedAt: now, trashedRootId: Tr });
  const C = page('C', 'a0', P, { template: true });
  const D = page('D', 'a1', P, { kind: 'database' });
  const R = randomUUID();
  const RP = randomUUID();
  page('RP', 'a0', D, { id: RP, kind: 'row' });

  const linkToken = newSecret();
  const L = uuid7();
  rows.links.push({ id: L, pageId: P, tokenHash: hashSecret(linkToken), createdById: owner.id });
  const I = uuid7();
  rows.invitations.push({ id: I, workspaceId, email: randomEmail('matrix-pending'), role: 'member', invitedById: owner.id });
  const PS = uuid7();
  rows.pendingShares.push({ id: PS, pageId: P, email: randomEmail('matrix-pending-share'), role: 'viewer', createdById: owner.id });
  rows.shares.push({ id: uuid7(), pageId: P, userId: target.id, role: 'viewer', createdById: owner.id });
  if (actorUser && shared(role)) rows.shares.push({ id: uuid7(), pageId: P, userId: actorUser.id, role: role as 'viewer' | 'commenter' | 'editor', createdById: owner.id });

  // P's content: a refused request must not have touched it either.
  rows.documents.push({ pageId: P, state: Buffer.from([0, 0]), stateVector: Buffer.from([0]), size: 2, persistedUpTo: '1-0', text: 'P content' });
  const database = new Y.Doc();
  initDatabase(database, { titleId: 'title', viewId: 'table' });
  addRows(database, D, [{ id: R, values: { title: 'R' } }, { id: RP, values: { title: 'RP' } }], { userId: owner.id, now: now.toISOString() });
  rows.documents.push({ pageId: D, state: Buffer.from(Y.encodeStateAsUpdate(database)), stateVector: Buffer.from(Y.encodeStateVector(database)), size: 1, persistedUpTo: '1-0' });
  database.destroy();

  const V = uuid7();
  const VS = uuid7();
  rows.versions.push({ id: V, pageId: P, kind: 'auto', state: versions.P }, { id: VS, pageId: S, kind: 'auto', state: versions.S });

  const storedFile = (pageId: string) => {
    const id = randomUUID();
    const bytes = png(1, 1);
    const key = fileKey(workspaceId, id);
    rows.stored.push({ key, bytes, mime: 'image/png' });
    rows.files.push({ id, pageId, workspaceId, key, name: 'f.png', size: bytes.length, mime: 'image/png', width: 1, height: 1, createdById: owner.id });
    return id;
  };
  const FC = storedFile(C);
  const FS = storedFile(S);

  // Comments in the order a thread gets them: the opening one, then the replies.
  const opened = now.getTime();
  const thread = (pageId: string, resolved = false) => {
    const id = uuid7();
    rows.threads.push({ id, pageId, createdById: owner.id, ...(resolved ? { resolvedAt: now, resolvedById: owner.id } : {}) });
    const first = uuid7();
    rows.comments.push({ id: first, threadId: id, authorId: owner.id, body: commentBody('Opened'), text: 'Opened', createdAt: new Date(opened) });
    return { id, first };
  };
  const TP = thread(P);
  const TR = thread(P, true);
  const TS = thread(S);
  const reply = (authorId: string, at: number) => {
    const id = uuid7();
    rows.comments.push({ id, threadId: TP.id, authorId, body: commentBody('Reply'), text: 'Reply', createdAt: new Date(opened + at) });
    return id;
  };
  const CT = reply(target.id, 1);
  const CA = actorUser ? reply(actorUser.id, 2) : null;
  const notification = (userId: string, actorId: string, commentId: string) => {
    const id = uuid7();
    rows.notifications.push({ id, userId, actorId, kind: 'reply', pageId: P, threadId: TP.id, commentId });
    return id;
  };
  const N = actorUser ? notification(actorUser.id, target.id, CT) : null;
  const NT = notification(target.id, owner.id, TP.first);

  const exportParams = { kind: 'export', pageId: P, format: 'html', subpages: false };
  const finishedExport = (userId: string) => {
    const id = randomUUID();
    const key = fileKey(workspaceId, id);
    rows.stored.push({ key, bytes: Buffer.from('<!doctype html><p>P</p>'), mime: 'text/html' });
    rows.transfers.push({ id, workspaceId, userId, kind: 'export', status: 'done', params: exportParams, storageKey: key, fileName: 'P.html', finishedAt: now, expiresAt: new Date(opened + 86_400_000) });
    const notice = uuid7();
    rows.notifications.push({ id: notice, userId, kind: 'export_ready', transferId: id });
    return { id, notice };
  };
  const X = actorUser ? finishedExport(actorUser.id) : null;
  const XT = finishedExport(target.id);
  let XE: string | null = null;
  if (actorUser) {
    XE = uuid7();
    rows.transfers.push({ id: XE, workspaceId, userId: actorUser.id, kind: 'export', status: 'expired', params: exportParams, fileName: 'P.html', finishedAt: new Date(opened - 2 * 86_400_000), expiresAt: new Date(opened - 86_400_000) });
  }

  let actor: World['actor'] = null;
  if (actorUser) {
    const session = () => {
      const token = newSecret();
      const id = uuid7();
      rows.sessions.push({ id, userId: actorUser.id, tokenHash: hashSecret(token), expiresAt: new Date(opened + 3_600_000) });
      return { token, id };
    };
    const [main, other] = [session(), session()];
    actor = { id: actorUser.id, email: actorUser.email, bearer: `Bearer ${main.token}`, otherSessionId: other.id };
  }
  const others = [owner.id, target.id].filter((id) => id !== actorUser?.id);
  return { workspaceId, P, C, D, R, RP, S, Tr, T: { id: target.id, email: target.email }, U: { id: stranger.id, email: stranger.email }, I, PS, L, V, VS, FC, FS, TP: TP.id, CT, CA: CA ?? randomUUID(), TR: TR.id, TS: TS.id, N: N ?? randomUUID(), NT, X: X?.id ?? randomUUID(), XT: XT.id, NX: X?.notice ?? randomUUID(), NXT: XT.notice, XE: XE ?? randomUUID(), linkToken, actor, others };
}

// Fresh worlds, one per entry of `roles` (in that order), each with its own workspace, pages,
// people and sessions. Inserted table by table, parents first, in batches that keep a statement's
// parameters well under Postgres' limit.
export async function buildWorlds(app: INestApplication, roles: readonly Role[], passwordHash: string): Promise<World[]> {
  const prisma = app.get(PrismaService);
  const storage = app.get(FileStorage);
  const versions = { P: versionState('P then'), S: versionState('S then') };
  const worlds: World[] = [];
  for (let at = 0; at < roles.length; at += 40) {
    const rows = new Rows();
    worlds.push(...roles.slice(at, at + 40).map((role) => planWorld(rows, role, passwordHash, versions)));
    await Promise.all([prisma.workspace.createMany({ data: rows.workspaces }), prisma.user.createMany({ data: rows.users })]);
    await Promise.all([prisma.workspaceMember.createMany({ data: rows.members }), prisma.page.createMany({ data: rows.pages })]);
    await Promise.all([
      prisma.shareLink.createMany({ data: rows.links }),
      prisma.invitation.createMany({ data: rows.invitations }),
      prisma.pendingShare.createMany({ data: rows.pendingShares }),
      prisma.pageShare.createMany({ data: rows.shares }),
      prisma.document.createMany({ data: rows.documents }),
      prisma.documentVersion.createMany({ data: rows.versions }),
      prisma.file.createMany({ data: rows.files }),
      prisma.commentThread.createMany({ data: rows.threads }),
      prisma.transfer.createMany({ data: rows.transfers }),
      prisma.session.createMany({ data: rows.sessions }),
    ]);
    await prisma.comment.createMany({ data: rows.comments });
    await prisma.notification.createMany({ data: rows.notifications });
    for (let i = 0; i < rows.stored.length; i += 16) {
      await Promise.all(rows.stored.slice(i, i + 16).map((f) => storage.put(f.key, Readable.from([f.bytes]), f.bytes.length, f.mime)));
    }
  }
  return worlds;
}

export interface Snapshot {
  // Each table's rows of this world as JSON, ordered by key (null: only the fingerprint was read).
  tables: Record<string, unknown> | null;
  // An MD5 of those rows, computed by Postgres: equal fingerprints, equal tables.
  fingerprint: string;
}

// Everything a refused request must not have touched, read in one statement. `full: false` reads
// only the fingerprint (a few bytes instead of the world's rows): enough to prove nothing changed.
export async function snapshot(prisma: PrismaService, w: World, full = true): Promise<Snapshot> {
  const people = [...w.others, ...(w.actor ? [w.actor.id] : [])];
  // A table's rows (as `columns`), ordered: those `where` picks, or those of the world's pages.
  // "pageId" = ANY(ARRAY(...)) rather than a join or IN (...): Postgres then walks each table's
  // pageId index whatever its statistics say (with stale ones, after the bulk insert, it scanned
  // every suite's rows of ten tables per snapshot: ~200 ms instead of ~35).
  const rows = (table: string, where: string, order = 't.id', columns = 't') =>
    `(SELECT coalesce(jsonb_agg(to_jsonb(${columns}) ORDER BY ${order}), '[]'::jsonb) FROM "${table}" t WHERE ${where})`;
  const inPages = '"pageId" = ANY(ARRAY(SELECT id FROM pages))';
  const ofPages = (table: string, order = 't.id', columns = 't') => rows(table, `t.${inPages}`, order, columns);
  const [row] = await prisma.$queryRawUnsafe<Array<{ tables: Record<string, unknown> | null; fingerprint: string }>>(
    `WITH pages AS (SELECT * FROM "Page" WHERE "workspaceId" = $1::uuid)
     SELECT ${full ? 'to_jsonb(s)' : 'NULL::jsonb'} AS tables, md5(to_jsonb(s)::text) AS fingerprint FROM (SELECT
       (SELECT to_jsonb(t) FROM "Workspace" t WHERE id = $1::uuid) AS workspace,
       ${rows('WorkspaceMember', '"workspaceId" = $1::uuid', 't."userId"')} AS members,
       (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY id), '[]'::jsonb) FROM pages t) AS pages,
       ${ofPages('PageShare')} AS shares,
       ${ofPages('ShareLink')} AS links,
       ${rows('Invitation', '"workspaceId" = $1::uuid')} AS invitations,
       ${rows('Session', '"userId" = $2::uuid', 't.id', 'jsonb_build_object(\'id\', id, \'revokedAt\', "revokedAt")')} AS sessions,
       ${ofPages('PendingShare')} AS "pendingShares",
       ${ofPages('DocumentVersion', 't.id', 'jsonb_build_object(\'id\', t.id, \'kind\', t.kind, \'name\', t.name)')} AS versions,
       ${rows('File', '"workspaceId" = $1::uuid')} AS files,
       ${ofPages('CommentThread')} AS threads,
       ${rows('Comment', `t."threadId" = ANY(ARRAY(SELECT id FROM "CommentThread" WHERE ${inPages}))`)} AS comments,
       ${rows('Notification', `${inPages} OR "invitationId" IN (SELECT id FROM "Invitation" WHERE "workspaceId" = $1::uuid) OR "transferId" IN (SELECT id FROM "Transfer" WHERE "workspaceId" = $1::uuid)`)} AS notifications,
       ${rows('Transfer', '"workspaceId" = $1::uuid')} AS transfers,
       (SELECT jsonb_build_object('passwordHash', "passwordHash", 'emailNotifications', "emailNotifications") FROM "User" WHERE id = $2::uuid) AS users,
       ${ofPages('Document', 't."pageId"')} AS documents,
       -- A refused log-in is recorded by design (auth.login_failed): that row is the refusal's trace.
       ${rows(
         'AuditLog',
         `("workspaceId" = $1::uuid OR "actorId" = ANY($3::uuid[]) OR "targetId" IN (SELECT $1::uuid::text UNION SELECT id::text FROM pages UNION SELECT unnest($3::uuid[])::text)) AND action <> 'auth.login_failed'`,
         't.id',
         `to_jsonb(t) || jsonb_build_object('id', id::text)`,
       )} AS audit,
       ${rows('User', 'id = ANY($4::uuid[])')} AS "otherUsers",
       ${rows('Session', '"userId" = ANY($4::uuid[])')} AS "otherSessions",
       ${ofPages('Favorite', 't."userId", t."pageId"')} AS favorites,
       ${ofPages('PageVisit', 't."userId", t."pageId"')} AS visits,
       ${ofPages('PageEditor', 't."pageId", t."userId"')} AS editors) s`,
    w.workspaceId,
    w.actor?.id ?? null,
    people,
    w.others,
  );
  return row!;
}

// Rows are told apart by id, or by their natural key where a table has none.
function rowKey(row: Record<string, unknown>): string {
  if (typeof row.id === 'string') return row.id;
  return ['workspaceId', 'userId', 'pageId'].map((k) => String(row[k] ?? '')).join('/');
}

// Per table, how many rows a request added (+), removed (-) and changed (~): "pages +1, audit +1".
export function changes(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const words: string[] = [];
  for (const table of Object.keys(before).sort()) {
    const [b, a] = [before[table], after[table]];
    const rows = (v: unknown) => new Map((Array.isArray(v) ? v : v ? [v] : []).map((r: Record<string, unknown>) => [rowKey(r), JSON.stringify(r, (_k, x) => (typeof x === 'bigint' ? String(x) : x))]));
    const [was, now] = [rows(b), rows(a)];
    const added = [...now.keys()].filter((k) => !was.has(k)).length;
    const removed = [...was.keys()].filter((k) => !now.has(k)).length;
    const changed = [...now].filter(([k, v]) => was.has(k) && was.get(k) !== v).length;
    const parts = [added && `+${added}`, removed && `-${removed}`, changed && `~${changed}`].filter(Boolean);
    if (parts.length) words.push(`${table} ${parts.join(' ')}`);
  }
  return words.join(', ');
}
