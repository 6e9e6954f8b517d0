import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../infra/redis.service.js';

// Something that may have reduced someone's access: the realtime gateway re-checks the sockets
// these ids cover (pages and their descendants, a whole workspace, or a user's sockets).
export interface AccessChange {
  pageIds?: string[];
  workspaceId?: string;
  userIds?: string[];
}

// Published on Redis pub/sub so every server instance hears it. Channels:
//   redis.key('access-changed')    JSON AccessChange
//   redis.key('workspace-changed') JSON { workspaceId } after any change to a workspace's page tree
// Publishing is best effort after the database commit: a lost message only delays a re-check that
// the gateway also makes on its own (every join authorizes afresh), so a failure is logged, not thrown.
@Injectable()
export class AccessEvents {
  private readonly logger = new Logger(AccessEvents.name);

  constructor(private readonly redis: RedisService) {}

  async publish(change: AccessChange): Promise<void> {
    await this.send('access-changed', change);
  }

  async publishWorkspaceChanged(workspaceId: string): Promise<void> {
    await this.send('workspace-changed', { workspaceId });
  }

  private async send(channel: string, message: object): Promise<void> {
    try {
      await this.redis.client.publish(this.redis.key(channel), JSON.stringify(message));
    } catch (err) {
      this.logger.warn(`could not publish ${channel}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
