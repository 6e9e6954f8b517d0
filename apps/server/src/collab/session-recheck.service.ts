import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AccessChange } from '../events/realtime-channels.js';
import { AccessService } from '../access/access.service.js';
import { AppConfig } from '../config/env.js';
import { CollabSessions } from './collab-sessions.js';

export interface RecheckHandlers {
  // The socket's session expired or was revoked: it may do nothing more.
  sessionEnded(socketId: string): void;
  // Re-check these memberships' roles as if an access change had named them.
  recheck(change: AccessChange): Promise<void>;
}

// Access follows the session (issue 11, item 8). Pub/sub tells the gateway at once when access
// shrinks, but a message can be lost (Redis restarting, a subscriber reconnecting) and nothing is
// published when a session simply expires. So every COLLAB_ACCESS_RECHECK_MS, and after every
// reconnect to Redis, this instance re-checks its sockets: sessions first (one query per session),
// then every joined page's role through the access function.
@Injectable()
export class SessionRecheckService implements OnApplicationShutdown {
  private readonly logger = new Logger(SessionRecheckService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private handlers?: RecheckHandlers;

  constructor(
    private readonly sessions: CollabSessions,
    private readonly access: AccessService,
    private readonly config: AppConfig,
  ) {}

  start(handlers: RecheckHandlers): void {
    this.handlers = handlers;
    this.timer = setInterval(() => void this.now(), this.config.COLLAB_ACCESS_RECHECK_MS);
    this.timer.unref();
  }

  // Re-check everything now (one run at a time; a call during a run waits for it).
  now(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  // The sockets of these users (all if none given) whose session has ended.
  async endedSessions(userIds?: readonly string[]): Promise<string[]> {
    const users = userIds ? new Set(userIds) : null;
    const checks = new Map<string, Promise<boolean>>();
    const ended: string[] = [];
    for (const [socketId, session] of this.sessions.entries()) {
      const p = session.principal;
      if (p.kind !== 'user' || !p.sessionId || (users && !users.has(p.userId))) continue;
      let check = checks.get(p.sessionId);
      if (!check) checks.set(p.sessionId, (check = this.access.sessionActive(p.sessionId)));
      if (!(await check)) ended.push(socketId);
    }
    return ended;
  }

  private async run(): Promise<void> {
    const handlers = this.handlers;
    if (!handlers) return;
    try {
      for (const socketId of await this.endedSessions()) handlers.sessionEnded(socketId);
      // Every membership's scope holds its own page, so naming every joined page re-checks them all.
      // (Workspace watches only carry "the tree changed" pings; pub/sub and the next watch re-check them.)
      const pageIds = new Set<string>();
      for (const [, session] of this.sessions.entries()) for (const pageId of session.pages.keys()) pageIds.add(pageId);
      if (pageIds.size) await handlers.recheck({ pageIds: [...pageIds] });
    } catch (err) {
      // Postgres away: the memberships' own re-check fails closed; the sessions are tried next time.
      this.logger.warn(`Periodic access re-check failed: ${(err as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
