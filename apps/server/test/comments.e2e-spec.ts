import { DOCUMENT_FIELD, encodeCommentAnchorInDocument, resolveCommentAnchorInDocument, yDocToJSON } from '@tandem/editor';
import { CommentLimits, ServerEvent, type CommentView, type ThreadListResponse, type ThreadView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { addMember, api, apiJson, type Client, collabEnv, CollabWorld, savedAll, shareLink, signUp, synced, type TestUser } from './support/collab/fixtures.js';

// Comments (issue 14) against a real server: threads anchored to a page's text, replies, edits,
// deletes, resolution, who may do what, bad input (nothing written), the rate limit, the live event
// to the page's room, and anchors that follow their text through concurrent and offline edits.

const RATE_MAX = 12;

const doc = (...lines: string[]) => ({ type: 'doc', content: lines.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })) });
const body = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const linesOf = (c: Client) => (yDocToJSON(c.doc).content ?? []).map((p) => (p.content ?? []).map((t) => t.text ?? '').join(''));

// The paragraph's text run of block `block` (an editor writes into the same Y.XmlText).
const run = (c: Client, block: number) => (c.doc.getXmlFragment(DOCUMENT_FIELD).get(block) as Y.XmlElement).get(0) as Y.XmlText;

// The ProseMirror range of `text` in block `block` (the doc opens at 0; each block adds 1 on entry).
function rangeOf(c: Client, block: number, text: string): { from: number; to: number } {
  const lines = linesOf(c);
  let pos = 0;
  for (let i = 0; i < block; i++) pos += lines[i]!.length + 2;
  const at = lines[block]!.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in block ${block}`);
  return { from: pos + 1 + at, to: pos + 1 + at + text.length };
}

function anchorOf(c: Client, block: number, text: string) {
  const { from, to } = rangeOf(c, block, text);
  const anchor = encodeCommentAnchorInDocument(c.doc, from, to);
  if (!anchor) throw new Error('no anchor');
  return { ...anchor, quote: text };
}

describe('comments', () => {
  let world: CollabWorld;
  let url: string;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let commenter: TestUser;
  // Someone of another workspace (cannot be mentioned here).
  let outsiderId: string;

  const call = <T>(user: TestUser, method: string, path: string, payload?: unknown, status = 200): Promise<T> => apiJson<T>(url, user, method, path, payload, status);

  async function page(...content: string[]): Promise<string> {
    const created = await call<{ id: string }>(owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { title: 'Discussed', content: { kind: 'json', content: doc(...content) } }, 201);
    return created.id;
  }

  async function share(pageId: string, user: TestUser, role: 'viewer' | 'commenter'): Promise<void> {
    await world.prisma.pageShare.create({ data: { pageId, userId: user.id, role, createdById: owner.id } });
  }

  const list = (pageId: string, user = owner, query = '') => call<ThreadListResponse>(user, 'GET', `/pages/${pageId}/threads${query}`);
  const rows = async (pageId: string) => ({
    threads: await world.prisma.commentThread.count({ where: { pageId } }),
    comments: await world.prisma.comment.count({ where: { thread: { pageId } } }),
  });

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ COMMENT_RATE_MAX: String(RATE_MAX), COMMENT_RATE_WINDOW_SECONDS: '3600' }), { ownerName: 'Ada' });
    url = world.serverUrl();
    owner = world.owner;
    [member, viewer, commenter] = await Promise.all([signUp(url, 'Mel'), signUp(url, 'Vic'), signUp(url, 'Cora')]);
    await addMember(world.prisma, world.workspaceId, member, 'member');
    await addMember(world.prisma, world.workspaceId, viewer, 'guest');
    await addMember(world.prisma, world.workspaceId, commenter, 'guest');
    outsiderId = (await signUp(url, 'Stranger')).id;
  });
  afterAll(() => world?.close());

  it('opens a thread on text, replies, edits, resolves and reopens, and lists with counts and filters', async () => {
    const pageId = await page('The quick brown fox', 'jumps over the dog');
    await share(pageId, commenter, 'commenter');
    const a = await world.client(pageId);
    await synced(a);
    const anchor = anchorOf(a, 0, 'brown fox');
    expect(resolveCommentAnchorInDocument(a.doc, anchor)?.text).toBe('brown fox');

    const thread = await call<ThreadView>(commenter, 'POST', `/pages/${pageId}/threads`, { anchor, body: body('Which fox?') }, 201);
    expect(thread).toMatchObject({ pageId, anchor, resolvedAt: null, comments: [{ author: { id: commenter.id, name: 'Cora' }, body: body('Which fox?'), editedAt: null }] });
    const discussion = await call<ThreadView>(owner, 'POST', `/pages/${pageId}/threads`, { body: body('Page-level: ship it?') }, 201);
    expect(discussion.anchor).toBeNull();

    const reply = await call<CommentView>(member, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('The brown one.') }, 201);
    expect(reply).toMatchObject({ threadId: thread.id, author: { id: member.id } });
    const edited = await call<CommentView>(member, 'PATCH', `/pages/${pageId}/threads/${thread.id}/comments/${reply.id}`, { body: body('The brown one, obviously.') });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.body).toEqual(body('The brown one, obviously.'));

    const resolved = await call<ThreadView>(commenter, 'POST', `/pages/${pageId}/threads/${thread.id}/resolve`);
    expect(resolved.resolvedBy).toEqual({ id: commenter.id, name: 'Cora' });
    const all = await list(pageId);
    expect(all.counts).toEqual({ open: 1, resolved: 1 });
    expect(all.threads.map((t) => t.id)).toEqual([thread.id, discussion.id]);
    expect(all.threads[0]!.comments.map((c) => c.body)).toEqual([body('Which fox?'), body('The brown one, obviously.')]);
    expect((await list(pageId, member, '?status=open')).threads.map((t) => t.id)).toEqual([discussion.id]);
    expect((await list(pageId, owner, '?status=resolved')).threads.map((t) => t.id)).toEqual([thread.id]);
    await call(owner, 'GET', `/pages/${pageId}/threads?status=sideways`, undefined, 400);

    const reopened = await call<ThreadView>(member, 'POST', `/pages/${pageId}/threads/${thread.id}/reopen`);
    expect(reopened).toMatchObject({ resolvedAt: null, resolvedBy: null });
    expect((await list(pageId)).counts).toEqual({ open: 2, resolved: 0 });

    // Deleting a reply keeps the thread; deleting the first comment deletes the thread.
    await call(member, 'DELETE', `/pages/${pageId}/threads/${thread.id}/comments/${reply.id}`, undefined, 204);
    expect((await list(pageId)).threads[0]!.comments).toHaveLength(1);
    await call(owner, 'DELETE', `/pages/${pageId}/threads/${thread.id}/comments/${thread.comments[0]!.id}`, undefined, 204);
    expect((await list(pageId)).threads.map((t) => t.id)).toEqual([discussion.id]);
    expect(await world.prisma.auditLog.count({ where: { targetId: pageId, action: { startsWith: 'comment.' } } })).toBe(8);
  });

  it('roles: viewers and public links read; commenters comment and resolve; only the author edits; the author, editors and admins delete', async () => {
    const pageId = await page('Roles and rules');
    await share(pageId, viewer, 'viewer');
    await share(pageId, commenter, 'commenter');
    const outsider = await signUp(url, 'Otto');
    const thread = await call<ThreadView>(owner, 'POST', `/pages/${pageId}/threads`, { body: body('By the owner') }, 201);
    const before = await rows(pageId);

    expect((await list(pageId, viewer)).threads).toHaveLength(1);
    await call(viewer, 'POST', `/pages/${pageId}/threads`, { body: body('No') }, 403);
    await call(viewer, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('No') }, 403);
    await call(viewer, 'POST', `/pages/${pageId}/threads/${thread.id}/resolve`, undefined, 403);
    await call(outsider, 'GET', `/pages/${pageId}/threads`, undefined, 404);
    await call(outsider, 'POST', `/pages/${pageId}/threads`, { body: body('No') }, 404);
    // Someone else's comment: nobody edits it, a commenter does not delete it.
    await call(member, 'PATCH', `/pages/${pageId}/threads/${thread.id}/comments/${thread.comments[0]!.id}`, { body: body('Mine now') }, 403);
    await call(commenter, 'DELETE', `/pages/${pageId}/threads/${thread.id}/comments/${thread.comments[0]!.id}`, undefined, 403);
    expect(await rows(pageId)).toEqual(before);
    expect((await list(pageId)).threads[0]!.comments[0]!.body).toEqual(body('By the owner'));

    // A commenter deletes their own reply; a member (editor) deletes anyone's.
    const own = await call<CommentView>(commenter, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('Mine') }, 201);
    await call(commenter, 'DELETE', `/pages/${pageId}/threads/${thread.id}/comments/${own.id}`, undefined, 204);
    const theirs = await call<CommentView>(commenter, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('Theirs') }, 201);
    await call(member, 'DELETE', `/pages/${pageId}/threads/${thread.id}/comments/${theirs.id}`, undefined, 204);

    // A public link's readers list the threads without a session; an unknown link is 404.
    const token = await shareLink(world.prisma, pageId);
    const shared = await fetch(`${url}/share/${token}/threads`);
    expect(shared.status).toBe(200);
    expect(((await shared.json()) as ThreadListResponse).threads.map((t) => t.id)).toEqual([thread.id]);
    expect((await fetch(`${url}/share/${'x'.repeat(32)}/threads`)).status).toBe(404);

    // A trashed page's threads are read-only.
    await call(owner, 'POST', `/pages/${pageId}/trash`, undefined, 204);
    await call(owner, 'POST', `/pages/${pageId}/threads`, { body: body('In the trash') }, 409);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const pageId = await page('Validation matters here');
    const other = await page('Another page entirely');
    const a = await world.client(other);
    await synced(a);
    const foreign = anchorOf(a, 0, 'page');
    const thread = await call<ThreadView>(owner, 'POST', `/pages/${pageId}/threads`, { body: body('Start') }, 201);
    const before = await rows(pageId);
    const bad = async (path: string, payload: unknown, field: RegExp, method = 'POST') => {
      const res = await call<{ error: { code: string; message: string } }>(owner, method, path, payload, 400);
      expect(res.error.code).toBe('validation_failed');
      expect(res.error.message).toMatch(field);
    };
    const threads = `/pages/${pageId}/threads`;
    await bad(threads, { body: body('   ') }, /body\.body: must not be empty/);
    await bad(threads, { body: { type: 'doc', content: [] } }, /body\.body/);
    await bad(threads, { body: body('x'.repeat(CommentLimits.bodyMaxBytes)) }, /at most 10 KB/);
    await bad(threads, { body: { type: 'doc', content: [{ type: 'image', attrs: { src: 'https://example.com/a.png' } }] } }, /body\.body/);
    await bad(threads, { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] } }, /http\(s\) or mailto/);
    await bad(threads, { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: outsiderId, label: 'Nobody' } }] }] } }, /not in this workspace/);
    // An anchor made in another page's document, or made up, points nowhere in this one.
    await bad(threads, { anchor: foreign, body: body('Here?') }, /body\.anchor: does not point into this page/);
    await bad(threads, { anchor: { start: 'AAAA', end: 'AAAA', quote: 'x' }, body: body('Here?') }, /body\.anchor/);
    await bad(threads, { anchor: { start: 'not base64!', end: 'AAAA', quote: 'x' }, body: body('Here?') }, /body\.anchor\.start: must be base64/);
    await bad(threads, { anchor: { ...foreign, quote: '' }, body: body('Here?') }, /body\.anchor\.quote/);
    await bad(threads, { body: body('ok'), extra: true }, /body/);
    await bad(`${threads}/${thread.id}/comments`, { body: body('') }, /body\.body/);
    await bad(`${threads}/${thread.id}/comments/${thread.comments[0]!.id}`, { body: { type: 'doc' } }, /body\.body/, 'PATCH');
    await call(owner, 'GET', `${threads}?cursor=${thread.id.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`, undefined, 400);
    // A thread of another page, and malformed ids, are not found.
    const elsewhere = await call<ThreadView>(owner, 'POST', `/pages/${other}/threads`, { body: body('Elsewhere') }, 201);
    await call(owner, 'POST', `${threads}/${elsewhere.id}/comments`, { body: body('Hi') }, 404);
    await call(owner, 'POST', `${threads}/${elsewhere.id}/resolve`, undefined, 404);
    await call(owner, 'DELETE', `${threads}/${elsewhere.id}/comments/${elsewhere.comments[0]!.id}`, undefined, 404);
    await call(owner, 'DELETE', `${threads}/${thread.id}/comments/${elsewhere.comments[0]!.id}`, undefined, 404);
    await call(owner, 'POST', `${threads}/not-an-id/comments`, { body: body('Hi') }, 404);
    expect(await rows(pageId)).toEqual(before);
  });

  it('a mention of a workspace member is kept; a flood of comments is refused past the limit', async () => {
    const pageId = await page('Mentions');
    const flooder = await signUp(url, 'Flo');
    await addMember(world.prisma, world.workspaceId, flooder, 'member');
    const mention = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ask ' }, { type: 'mention', attrs: { id: member.id, label: 'Mel' } }] }] };
    const thread = await call<ThreadView>(flooder, 'POST', `/pages/${pageId}/threads`, { body: mention }, 201);
    expect(thread.comments[0]!.body).toEqual(mention);
    for (let i = 1; i < RATE_MAX; i++) await call(flooder, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body(`reply ${i}`) }, 201);
    const before = await rows(pageId);
    const res = await api(url, flooder, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('one too many') });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await call(flooder, 'POST', `/pages/${pageId}/threads`, { body: body('another') }, 429);
    expect(await rows(pageId)).toEqual(before);
    // Others are not held back by one person's flood.
    await call(member, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('fine') }, 201);
  });

  it('tells everyone in the page live when a thread is opened, answered or resolved', async () => {
    const pageId = await page('Live');
    const watcher = await world.client(pageId, { user: member });
    await synced(watcher);
    const heard: string[] = [];
    watcher.connection.on('comments-changed', (changed: string, threadId: string) => {
      if (changed === pageId) heard.push(threadId);
    });
    let raw = 0;
    watcher.connection.socket.on(ServerEvent.CommentsChanged, () => (raw += 1));
    const thread = await call<ThreadView>(owner, 'POST', `/pages/${pageId}/threads`, { body: body('Hello') }, 201);
    await waitUntil('the new thread heard', async () => heard.length === 1);
    await call(owner, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('Again') }, 201);
    await call(owner, 'POST', `/pages/${pageId}/threads/${thread.id}/resolve`);
    await waitUntil('reply and resolution heard', async () => heard.length === 3);
    expect(heard).toEqual([thread.id, thread.id, thread.id]);
    expect(raw).toBe(3);
  });

  it('an anchor ends on the same text for everyone after concurrent and offline edits, and a deleted text leaves the thread "on deleted text"', async () => {
    const pageId = await page('The quick brown fox jumps over the lazy dog', 'Second paragraph');
    const bob = await signUp(url, 'Bob');
    await addMember(world.prisma, world.workspaceId, bob, 'member');
    const a = await world.client(pageId);
    const b = await world.client(pageId, { user: bob });
    await synced(a, b);
    const anchor = anchorOf(a, 0, 'brown fox');
    const thread = await call<ThreadView>(owner, 'POST', `/pages/${pageId}/threads`, { anchor, body: body('Fox?') }, 201);
    const stored = thread.anchor!;

    // B goes offline and edits around and inside the range; A edits online meanwhile.
    b.provider.disconnect();
    const textA = run(a, 0);
    const textB = run(b, 0);
    // A: before the range, and inside it ("brown fox" → "brown sly fox").
    textA.insert(0, 'Look: ');
    textA.insert('Look: The quick brown '.length, 'sly ');
    // B, offline: right at both edges (typed at the start and at the end stays outside), and a
    // deletion after the range.
    textB.insert('The quick '.length, 'big ');
    textB.insert('The quick big brown fox'.length, '!');
    textB.delete('The quick big brown fox! jumps over the '.length, 'lazy '.length);
    await savedAll(a);
    b.provider.connect();
    await synced(b);
    await waitUntil('both see the same page', async () => JSON.stringify(linesOf(a)) === JSON.stringify(linesOf(b)));
    expect(linesOf(a)[0]).toBe('Look: The quick big brown sly fox! jumps over the dog');
    expect(resolveCommentAnchorInDocument(a.doc, stored)?.text).toBe('brown sly fox');
    expect(resolveCommentAnchorInDocument(b.doc, stored)?.text).toBe('brown sly fox');
    expect(resolveCommentAnchorInDocument(a.doc, stored)).toEqual(resolveCommentAnchorInDocument(b.doc, stored));

    // A deletes the commented text while B (offline again) types inside it: the anchor collapses
    // for both once they meet, and the thread stays with its original quote.
    b.provider.disconnect();
    const start = linesOf(a)[0]!.indexOf('brown sly fox');
    run(a, 0).delete(start - 4, 'big brown sly fox'.length);
    run(b, 0).delete(linesOf(b)[0]!.indexOf('sly '), 'sly '.length);
    await savedAll(a);
    b.provider.connect();
    await synced(b);
    await waitUntil('both see the same page again', async () => JSON.stringify(linesOf(a)) === JSON.stringify(linesOf(b)));
    expect(linesOf(a)[0]).toBe('Look: The quick ! jumps over the dog');
    expect(resolveCommentAnchorInDocument(a.doc, stored)).toBeNull();
    expect(resolveCommentAnchorInDocument(b.doc, stored)).toBeNull();
    const listed = await list(pageId);
    expect(listed.threads.map((t) => ({ id: t.id, quote: t.anchor?.quote }))).toEqual([{ id: thread.id, quote: 'brown fox' }]);
  });
});
