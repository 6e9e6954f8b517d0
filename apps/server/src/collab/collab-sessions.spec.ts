import { CollabErrorCode, type PageAccessRole } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PageAccess } from '../access/access.service.js';
import type { Principal } from '../access/principal.js';
import type { AppConfig } from '../config/env.js';
import { CollabFailure } from './collab-failure.js';
import { CollabSessions } from './collab-sessions.js';

// The gateway's in-memory rules per socket (no database on the hot path): joined pages and their
// roles, the pages-per-socket limit, the update rate, and which sockets an access change touches.
// The same rules through real sockets are covered by test/collab-access.e2e-spec.ts.
const config = {
  COLLAB_MAX_PAGES_PER_SOCKET: 2,
  // Slow enough that no token comes back during the test, however loaded the machine.
  COLLAB_UPDATES_PER_SECOND: 0.001,
  COLLAB_UPDATE_BURST: 3,
  COLLAB_MAX_AWARENESS_BYTES: 64,
  COLLAB_JOINS_PER_SECOND: 0.001,
  COLLAB_JOIN_BURST: 4,
} as AppConfig;

const alice: Principal = { kind: 'user', userId: 'alice', name: 'Alice' };
const bob: Principal = { kind: 'user', userId: 'bob', name: 'Bob' };
const access = (role: PageAccessRole, ancestorIds: string[] = [], workspaceId = 'w1'): PageAccess => ({ role, workspaceId, parentId: ancestorIds[0] ?? null, kind: 'page', trashed: false, ancestorIds, visibleAncestorIds: ancestorIds });

type AwarenessEntry = [number, number, unknown];

function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) entries.push([decoding.readVarUint(decoder), decoding.readVarUint(decoder), JSON.parse(decoding.readVarString(decoder))]);
  return entries;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof CollabFailure) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('CollabSessions', () => {
  it('rate-limits joins per socket: a burst, then rate_limited, each socket on its own', () => {
    const sessions = new CollabSessions(config);
    const s = sessions.open('s1', alice);
    const outcomes = Array.from({ length: 6 }, () => refusal(() => sessions.checkCanJoin(s, 'p1')));
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'accepted', CollabErrorCode.RateLimited, CollabErrorCode.RateLimited]);
    expect(refusal(() => sessions.checkCanJoin(sessions.open('s2', alice), 'p1'))).toBe('accepted');
  });

  it('limits the pages one socket has open, but lets it re-join one it has', () => {
    const sessions = new CollabSessions(config);
    const s = sessions.open('s1', alice);
    sessions.join(s, 'p1', access('editor'));
    sessions.join(s, 'p2', access('editor'));
    expect(refusal(() => sessions.checkCanJoin(s, 'p3'))).toBe(CollabErrorCode.TooManyPages);
    expect(refusal(() => sessions.checkCanJoin(s, 'p1'))).toBe('accepted');
    sessions.leave(s, 'p2');
    expect(refusal(() => sessions.checkCanJoin(s, 'p3'))).toBe('accepted');
  });

  it('lets only joined editors send updates, at most the burst at once', () => {
    const sessions = new CollabSessions(config);
    const s = sessions.open('s1', alice);
    expect(refusal(() => sessions.checkCanEdit(s, 'p1'))).toBe(CollabErrorCode.NotJoined);
    sessions.join(s, 'viewed', access('viewer'));
    expect(refusal(() => sessions.checkCanEdit(s, 'viewed'))).toBe(CollabErrorCode.Forbidden);
    sessions.join(s, 'p1', access('editor'));
    for (let i = 0; i < config.COLLAB_UPDATE_BURST; i++) expect(refusal(() => sessions.checkCanEdit(s, 'p1'))).toBe('accepted');
    expect(refusal(() => sessions.checkCanEdit(s, 'p1'))).toBe(CollabErrorCode.RateLimited);
  });

  it('takes a new role on re-join (an access change re-checked)', () => {
    const sessions = new CollabSessions(config);
    const s = sessions.open('s1', alice);
    sessions.join(s, 'p1', access('editor'));
    const membership = sessions.join(s, 'p1', access('viewer'));
    expect(membership).toMatchObject({ role: 'viewer', canEdit: false });
    expect(refusal(() => sessions.checkCanEdit(s, 'p1'))).toBe(CollabErrorCode.Forbidden);
  });

  it('refuses awareness updates that are too large or malformed', () => {
    const sessions = new CollabSessions(config);
    const s = sessions.open('s1', alice);
    sessions.join(s, 'p1', access('viewer'));
    expect(refusal(() => sessions.checkAwareness(s, 'p1', new Uint8Array(65)))).toBe(CollabErrorCode.UpdateTooLarge);
    expect(refusal(() => sessions.checkAwareness(s, 'p1', new Uint8Array([5, 200])))).toBe(CollabErrorCode.InvalidUpdate);
  });

  it('bounds awareness: ids per membership, ids of another socket, colours; names are the server\'s', () => {
    const sessions = new CollabSessions({ ...config, COLLAB_MAX_AWARENESS_BYTES: 4096, COLLAB_UPDATE_BURST: 100, COLLAB_MAX_AWARENESS_CLIENTS: 2 } as AppConfig);
    const a = sessions.open('a', alice);
    const b = sessions.open('b', bob);
    sessions.join(a, 'p1', access('editor'));
    sessions.join(b, 'p1', access('editor'));
    const state = (color = '#12abEF') => ({ cursor: null, user: { name: 'The Boss', id: 'someone-else', color } });
    const relayed = decodeAwareness(sessions.checkAwareness(a, 'p1', encodeAwareness([[1, 1, state()]])));
    expect(relayed).toEqual([[1, 1, { cursor: null, user: { name: 'Alice', id: 'alice', color: '#12abEF' } }]]);
    expect(refusal(() => sessions.checkAwareness(a, 'p1', encodeAwareness([[2, 1, state()], [3, 1, state()]])))).toBe(CollabErrorCode.ValidationFailed);
    expect(refusal(() => sessions.checkAwareness(b, 'p1', encodeAwareness([[1, 2, state()]])))).toBe(CollabErrorCode.Forbidden);
    expect(refusal(() => sessions.checkAwareness(b, 'p1', encodeAwareness([[9, 1, state('red; background:url(x)')]])))).toBe(CollabErrorCode.ValidationFailed);
    expect(refusal(() => sessions.checkAwareness(b, 'p1', encodeAwareness([[9, 1, [1, 2]]])))).toBe(CollabErrorCode.ValidationFailed);
    // Removing a state frees its slot; leaving frees the ids for another socket.
    sessions.checkAwareness(a, 'p1', encodeAwareness([[1, 2, null]]));
    sessions.checkAwareness(a, 'p1', encodeAwareness([[2, 1, state()], [3, 1, state()]]));
    sessions.leave(a, 'p1');
    expect(refusal(() => sessions.checkAwareness(b, 'p1', encodeAwareness([[2, 2, state()]])))).toBe('accepted');
  });

  it('finds the memberships an access change touches: by page or ancestor, by user, by workspace', () => {
    const sessions = new CollabSessions(config);
    const a = sessions.open('a', alice);
    const b = sessions.open('b', bob);
    sessions.join(a, 'child', access('editor', ['parent', 'root']));
    sessions.join(b, 'other', access('editor', [], 'w2'));
    const hits = (change: Parameters<CollabSessions['affectedBy']>[0]) => [...sessions.affectedBy(change)].map(([socketId, , pageId]) => `${socketId}:${pageId}`);
    expect(hits({ pageIds: ['root'] })).toEqual(['a:child']);
    expect(hits({ pageIds: ['unrelated'] })).toEqual([]);
    expect(hits({ userIds: ['bob'] })).toEqual(['b:other']);
    expect(hits({ workspaceId: 'w2' })).toEqual(['b:other']);
    sessions.close('a');
    expect(hits({ pageIds: ['root'] })).toEqual([]);
  });
});
