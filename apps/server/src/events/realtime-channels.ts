import { z } from 'zod';

// Every Redis pub/sub channel between server processes, with its payload, in one place. A channel
// carries news that something committed (in Postgres, or the worker's merge) so every gateway can
// tell its own sockets; the message itself is never the record of anything.
//
// A new feature (comments, versions, database rows) adds: a member here, its payload's schema in
// CHANNEL_SCHEMAS, and (if the gateway relays it) a handler where it subscribes. Publishers and
// subscribers then get the payload type from RealtimePayload<C>.
export enum RealtimeChannel {
  // Someone may have lost (or gained) access: the gateway re-checks the sockets these ids cover.
  AccessChanged = 'access-changed',
  // A workspace's page tree changed (create, rename, move, trash, restore, delete, share).
  WorkspaceTreeChanged = 'workspace-changed',
  // The worker wrote a page's stream up to `upTo` into Postgres ("Saved" in the editor).
  PageSaved = 'doc-saved',
  // Redis lost stream entries of a page (the worker found its persisted position gone): the gateways
  // make its clients re-run the handshake before any "saved" vouches for them (invariant 9).
  PageResync = 'doc-resync',
  // A page's version history changed (a version saved, renamed or restored): open history panels
  // refetch it.
  PageVersionsChanged = 'doc-versions',
  // A comment thread of a page changed (opened, answered, edited, deleted, resolved, reopened):
  // open comment panels refetch the page's threads.
  PageCommentsChanged = 'doc-comments',
  // These people's inboxes changed (a notification arrived, or they read some): every socket of
  // theirs is told, so the badge updates in every tab.
  InboxChanged = 'user-inbox',
}

// An id list that arrives malformed is treated as absent, as before this module: the change still
// re-checks what the rest of the message names.
const optionalIds = z.array(z.string()).optional().catch(undefined);

export const CHANNEL_SCHEMAS = {
  // Sockets to re-check after a change of access: any socket whose principal or page is covered by
  // these ids (pages and their descendants, a whole workspace, or a user's sockets).
  [RealtimeChannel.AccessChanged]: z.object({
    pageIds: optionalIds,
    workspaceId: z.string().optional().catch(undefined),
    userIds: optionalIds,
  }),
  [RealtimeChannel.WorkspaceTreeChanged]: z.object({ workspaceId: z.string() }),
  [RealtimeChannel.PageSaved]: z.object({ pageId: z.string(), upTo: z.string() }),
  [RealtimeChannel.PageResync]: z.object({ pageId: z.string() }),
  [RealtimeChannel.PageVersionsChanged]: z.object({ pageId: z.string(), versionId: z.string() }),
  [RealtimeChannel.PageCommentsChanged]: z.object({ pageId: z.string(), threadId: z.string() }),
  [RealtimeChannel.InboxChanged]: z.object({ userIds: z.array(z.string()) }),
} satisfies { [C in RealtimeChannel]: z.ZodType };

export type RealtimePayload<C extends RealtimeChannel> = z.output<(typeof CHANNEL_SCHEMAS)[C]>;

export type AccessChange = RealtimePayload<RealtimeChannel.AccessChanged>;

// One message to publish: the channel narrows the payload.
export type RealtimeMessage = { [C in RealtimeChannel]: { channel: C; payload: RealtimePayload<C> } }[RealtimeChannel];

export type RealtimeHandlers = { [C in RealtimeChannel]?: (payload: RealtimePayload<C>) => void };

// Checks a raw message from Redis; null when it is not JSON or not the channel's shape.
export function parseRealtimeMessage<C extends RealtimeChannel>(channel: C, raw: string): RealtimePayload<C> | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = CHANNEL_SCHEMAS[channel].safeParse(json);
  return parsed.success ? (parsed.data as RealtimePayload<C>) : null;
}

export function realtimeMessage<C extends RealtimeChannel>(channel: C, payload: RealtimePayload<C>): RealtimeMessage {
  return { channel, payload } as RealtimeMessage;
}

// Shorthands for the messages REST changes send most.
export const accessChanged = (change: AccessChange): RealtimeMessage => realtimeMessage(RealtimeChannel.AccessChanged, change);
export const treeChanged = (workspaceId: string): RealtimeMessage => realtimeMessage(RealtimeChannel.WorkspaceTreeChanged, { workspaceId });
