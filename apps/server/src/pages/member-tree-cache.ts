import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface SerializedTree {
  // UTF-8 JSON, ready to write (no per-request encoding of 4 MB).
  body: Buffer;
  etag: string;
}

// Serialized page trees of workspaces as their full members see them, by workspace and role
// (a member's tree depends on nothing else: every page gets the role's baseline). At 10,000 pages
// a tree is 4.3 MB of JSON and took 150–210 ms to read, map, resolve and serialize, against
// p95 ≤ 20 ms asked for (issue 20). An entry is used only while the workspace's pages are exactly
// as when it was made: `fingerprint` is read from Postgres on every request (PageRepository.
// treeFingerprint, ~2 ms at 10,000 pages) before the tree is, so a change committed in between
// only makes the stored entry miss next time. Kept in each API process, least recently used
// first out past MAX_BYTES. Reads that miss the same entry at once share one build: a change sends
// `workspace:changed` to every member, and each sidebar refetches at the same moment.
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry extends SerializedTree {
  fingerprint: string;
}

@Injectable()
export class MemberTreeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<SerializedTree>>();
  private bytes = 0;

  // The kept tree while `fingerprint` still matches, else the one `build` serializes (started once
  // for every read that misses it meanwhile).
  read(workspaceId: string, role: string, fingerprint: string, build: () => Promise<string>): Promise<SerializedTree> {
    const kept = this.get(workspaceId, role, fingerprint);
    if (kept) return Promise.resolve(kept);
    const key = `${workspaceId}:${role}:${fingerprint}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = build()
        .then((json) => this.set(workspaceId, role, fingerprint, json))
        .finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  private get(workspaceId: string, role: string, fingerprint: string): SerializedTree | null {
    const key = `${workspaceId}:${role}`;
    const entry = this.entries.get(key);
    if (!entry || entry.fingerprint !== fingerprint) return null;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private set(workspaceId: string, role: string, fingerprint: string, json: string): SerializedTree {
    const key = `${workspaceId}:${role}`;
    this.drop(key);
    const body = Buffer.from(json);
    const entry: Entry = { fingerprint, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    if (body.byteLength > MAX_BYTES) return entry;
    this.entries.set(key, entry);
    this.bytes += body.byteLength;
    for (const [oldest] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.drop(oldest);
    }
    return entry;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }
}
