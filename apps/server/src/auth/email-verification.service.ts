import { Injectable } from '@nestjs/common';
import type { VerifyEmailResponse } from '@tandem/protocol';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { treeChanged } from '../events/realtime-channels.js';
import { MailService } from '../mail/mail.service.js';
import { UserRepository } from '../users/user.repository.js';
import type { AuthContext, ClientMeta } from './auth-context.js';
import { countAttempt } from './attempts.js';
import { EmailTokenRepository } from './email-token.repository.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { hashSecret, newSecret } from '../access/tokens.js';
import { toUserView } from './user-view.js';

const RESEND_BUCKET = 'verify-resend';
const RESENDS_PER_WINDOW = 5;
const LINK_BUCKET = 'email-link-ip';

// Proving an address: a single-use token mailed at sign-up (and on request). Opening the link marks
// the address verified and only then hands over what was addressed to it: open invitations join
// their workspaces, pages shared with it are bound to the account.
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: EmailTokenRepository,
    private readonly users: UserRepository,
    private readonly limits: RateLimitRepository,
    private readonly mail: MailService,
    private readonly after: AfterCommit,
  ) {}

  private get windowMs(): number {
    return this.config.AUTH_RATE_WINDOW_SECONDS * 1000;
  }

  async sendLink(user: { id: string; email: string; name: string }): Promise<void> {
    const token = newSecret();
    const hours = this.config.EMAIL_VERIFY_TTL_HOURS;
    await this.tokens.issue({ userId: user.id, purpose: 'verify_email', tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + hours * 3_600_000) });
    this.mail.verifyEmail(user.email, user.name, token, hours);
  }

  async resend(auth: AuthContext): Promise<void> {
    if (auth.user.emailVerifiedAt) return;
    await countAttempt(this.limits, RESEND_BUCKET, auth.user.id, RESENDS_PER_WINDOW, this.windowMs);
    await this.sendLink(auth.user);
  }

  async verify(token: string, client: ClientMeta): Promise<VerifyEmailResponse> {
    // Tokens are 256-bit, so this only keeps a flood of guesses off the database.
    await countAttempt(this.limits, LINK_BUCKET, client.ip ?? 'unknown', this.config.AUTH_MAX_ATTEMPTS_PER_IP, this.windowMs);
    const userId = await this.tokens.consume(hashSecret(token), 'verify_email', new Date());
    const user = userId ? await this.users.findById(userId) : null;
    if (!user) throw ApiError.validation({ 'body.token': 'this link is invalid, was already used or has expired; ask for a new one' });
    const joinedWorkspaceIds = await this.users.verifyAndClaim(user.id, user.email, new Date());
    // The workspaces' open tabs refetch (their member lists and, for shares, trees changed).
    await this.after.run({
      audit: { action: 'auth.email_verified', targetType: 'user', targetId: user.id, actorId: user.id, ip: client.ip, metadata: { joinedWorkspaces: joinedWorkspaceIds } },
      publish: joinedWorkspaceIds.map(treeChanged),
    });
    const fresh = (await this.users.findById(user.id)) ?? user;
    return { user: toUserView(fresh), joinedWorkspaceIds };
  }

}
