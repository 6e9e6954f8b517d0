import { Injectable } from '@nestjs/common';
import { RedisService } from '../infra/redis.service.js';

export interface StreamEntry {
  id: string;
  update: Buffer;
  // The user whose edit this is (absent for a public link's edits and for entries written before
  // entries carried it): the worker collects them as the authors of the next version.
  authorId?: string;
}

export interface PackedUpdates {
  updates: Buffer[];
  // The id of the last entry read (null: none).
  lastId: string | null;
}

// XRANGE whose reply is {last id, every `u` field as a 4-byte big-endian length + its bytes}.
const READ_PACKED = `
local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[3], 'COUNT', ARGV[2])
local out = {}
local last = ''
for i = 1, #entries do
  local fields = entries[i][2]
  for j = 1, #fields, 2 do
    if fields[j] == 'u' then out[#out + 1] = struct.pack('>I4', #fields[j + 1]) .. fields[j + 1] end
  end
  last = entries[i][1]
end
return {last, table.concat(out)}
`;

// Moves a legacy stream (KEYS[1]) to its new name (KEYS[2]): a rename, or when the new one exists,
// an append of every entry (fields as they were) under new ids, then the legacy key's deletion.
const ADOPT_LEGACY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  return 1
end
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
for i = 1, #entries do redis.call('XADD', KEYS[2], '*', unpack(entries[i][2])) end
redis.call('DEL', KEYS[1])
return 1
`;

// The page's Redis stream of document updates not yet persisted (and a trimmed-away margin of
// persisted ones). Entries hold `u`, the binary Yjs update, and `a`, its author's user id when
// there is one (a few bytes in the same XADD: no extra round trip on the hot path). Shared by the gateway
// (append, read on join) and the worker (read, trim).
@Injectable()
export class DocumentStreamRepository {
  constructor(private readonly redis: RedisService) {}

  // `<prefix>:{page:<id>}:updates`: the page's hash tag keeps it in the page's slot on a cluster.
  key(pageId: string): string {
    return this.redis.pageKey(pageId, 'updates');
  }

  // Sent on the hot-path connection right after the broadcast's PUBLISH, in the same pipeline: one
  // Redis round trip per update. Resolves once Redis has the entry.
  async append(pageId: string, update: Uint8Array, authorId?: string): Promise<string> {
    const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    const id = authorId
      ? await this.redis.hotPath.xadd(this.key(pageId), '*', 'u', bytes, 'a', authorId)
      : await this.redis.hotPath.xadd(this.key(pageId), '*', 'u', bytes);
    return id!;
  }

  // Resolves once Redis has run every command sent before it on the hot-path connection (a PING
  // answered in order behind them): the XADDs of updates already broadcast are in the stream then,
  // for a read on any connection that follows.
  async fence(): Promise<void> {
    await this.redis.hotPath.ping();
  }

  // Entries strictly after `afterId` (exclusive), oldest first, at most `limit`.
  async readAfter(pageId: string, afterId: string, limit = 10_000): Promise<StreamEntry[]> {
    return this.read(pageId, `(${afterId}`, limit);
  }

  // The updates of the entries strictly after `afterId` (and up to `untilId`, inclusive, when
  // given), oldest first, at most `limit`, and the last entry's id. Redis packs them into one
  // length-prefixed string (a Lua script), so a page's tens of thousands of entries cost the
  // caller's event loop one reply to parse, not one per entry.
  async readUpdatesAfter(pageId: string, afterId: string, limit: number, untilId = '+'): Promise<PackedUpdates> {
    // evalBuffer exists on every ioredis client but is not in its types (callBuffer breaks under
    // auto-pipelining).
    const client = this.redis.client as unknown as { evalBuffer(script: string, keys: number, ...args: string[]): Promise<[Buffer, Buffer]> };
    const [lastId, blob] = await client.evalBuffer(READ_PACKED, 1, this.key(pageId), `(${afterId}`, String(limit), untilId);
    const updates: Buffer[] = [];
    for (let at = 0; at + 4 <= blob.byteLength; ) {
      const length = blob.readUInt32BE(at);
      updates.push(blob.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    return { updates, lastId: lastId.byteLength > 0 ? lastId.toString() : null };
  }

  // Entries from `fromId` on (inclusive), oldest first, at most `limit`.
  async readFrom(pageId: string, fromId: string, limit = 10_000): Promise<StreamEntry[]> {
    return this.read(pageId, fromId, limit);
  }

  // Whether the stream still holds the entry `id` (persisted entries are trimmed only after a margin).
  async has(pageId: string, id: string): Promise<boolean> {
    return (await this.redis.client.xrange(this.key(pageId), id, id, 'COUNT', 1)).length > 0;
  }

  private async read(pageId: string, start: string, limit: number): Promise<StreamEntry[]> {
    const rows = await this.redis.client.xrangeBuffer(this.key(pageId), start, '+', 'COUNT', limit);
    const entries: StreamEntry[] = [];
    for (const [id, fields] of rows) {
      // Fields come as [name, value, ...]: `u` (the update) and maybe `a` (its author).
      let update: Buffer | undefined;
      let authorId: string | undefined;
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const name = fields[i]!.toString();
        if (name === 'u') update = fields[i + 1]!;
        else if (name === 'a') authorId = fields[i + 1]!.toString();
      }
      if (update) entries.push(authorId ? { id: id.toString(), update, authorId } : { id: id.toString(), update });
    }
    return entries;
  }

  async lastId(pageId: string): Promise<string | null> {
    const rows = await this.redis.client.xrevrange(this.key(pageId), '+', '-', 'COUNT', 1);
    return rows[0]?.[0] ?? null;
  }

  // Drops entries older than `minId` (exclusive bound kept): only call with an id at or before the
  // persisted one, minus the safety margin.
  async trimBefore(pageId: string, minId: string): Promise<number> {
    return this.redis.client.xtrim(this.key(pageId), 'MINID', minId);
  }

  // The ids of pages that have a stream, in batches (SCAN: never blocks Redis; on a cluster, every
  // master in turn, each holding its own slots' keys).
  async *pagesWithStreams(): AsyncGenerator<string[]> {
    const head = this.redis.key('{page:');
    const tail = '}:updates';
    for (const node of await this.redis.masters()) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${head}*${tail}`, 'COUNT', 500);
        cursor = next;
        const pageIds = keys.map((k) => k.slice(head.length, -tail.length)).filter((id) => /^[0-9a-f-]{36}$/.test(id));
        if (pageIds.length) yield pageIds;
      } while (cursor !== '0');
    }
  }

  // Streams under the name before issue 20 (`<prefix>:doc:<id>:updates`, one Redis only): each is
  // renamed to the page's key, or, when a gateway already wrote there, its entries are appended to
  // it (new ids, same bytes: re-applying a Yjs update is a no-op, and persistedUpTo, an older id, is
  // then missing, so the next persist resyncs the page's clients). Returns how many were moved.
  async adoptLegacyStreams(): Promise<number> {
    if (this.redis.cluster) return 0;
    const head = this.redis.key('doc', '');
    const tail = ':updates';
    let moved = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.client.scan(cursor, 'MATCH', `${head}*${tail}`, 'COUNT', 500);
      cursor = next;
      for (const legacy of keys) {
        const pageId = legacy.slice(head.length, -tail.length);
        if (!/^[0-9a-f-]{36}$/.test(pageId)) continue;
        moved += Number(await this.redis.client.eval(ADOPT_LEGACY, 2, legacy, this.key(pageId)));
      }
    } while (cursor !== '0');
    return moved;
  }

  // Each page's newest stream entry id (null: empty or no stream), one pipelined round trip.
  async lastIds(pageIds: readonly string[]): Promise<Map<string, string | null>> {
    const replies = await Promise.all(pageIds.map((pageId) => this.redis.client.xrevrange(this.key(pageId), '+', '-', 'COUNT', 1)));
    return new Map(pageIds.map((pageId, i) => [pageId, replies[i]![0]?.[0] ?? null]));
  }

  async remove(pageId: string): Promise<void> {
    await this.redis.client.del(this.key(pageId));
  }
}
