import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { SavedEvent } from '@tandem/protocol';
import type { Redis } from 'ioredis';
import type { AccessChange } from '../access/access-events.js';
import { RedisService } from '../infra/redis.service.js';

export interface CollabChannelHandlers {
  accessChanged(change: AccessChange): void;
  workspaceChanged(workspaceId: string): void;
  // `resync`: the worker found that Redis lost entries of the page (see stream-continuity.ts).
  saved(event: SavedEvent, resync: boolean): void;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

// The Redis pub/sub channels the gateway listens to: access changes and page-tree changes from the
// REST side, "saved up to X" from the worker. Messages are checked before use.
@Injectable()
export class CollabChannelsRepository implements OnModuleDestroy {
  private readonly logger = new Logger(CollabChannelsRepository.name);
  private sub?: Redis;

  constructor(private readonly redis: RedisService) {}

  async subscribe(handlers: CollabChannelHandlers): Promise<void> {
    const channels = {
      access: this.redis.key('access-changed'),
      workspace: this.redis.key('workspace-changed'),
      saved: this.redis.key('doc-saved'),
    };
    // Subscriber connections must retry forever, or a Redis blip would end the subscription.
    this.sub = this.redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.sub.on('message', (channel: string, raw: string) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        this.logger.warn(`Ignoring a malformed message on ${channel}`);
        return;
      }
      if (channel === channels.saved && typeof msg.pageId === 'string' && typeof msg.upTo === 'string') {
        handlers.saved({ pageId: msg.pageId, upTo: msg.upTo }, msg.resync === true);
      } else if (channel === channels.workspace && typeof msg.workspaceId === 'string') {
        handlers.workspaceChanged(msg.workspaceId);
      } else if (channel === channels.access) {
        handlers.accessChanged({
          pageIds: isStringArray(msg.pageIds) ? msg.pageIds : undefined,
          workspaceId: typeof msg.workspaceId === 'string' ? msg.workspaceId : undefined,
          userIds: isStringArray(msg.userIds) ? msg.userIds : undefined,
        });
      }
    });
    await this.sub.subscribe(channels.access, channels.workspace, channels.saved);
  }

  async onModuleDestroy(): Promise<void> {
    await this.sub?.quit().catch(() => undefined);
  }
}
