import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { accessChanged, treeChanged } from '../events/realtime-channels.js';
import { MailService } from '../mail/mail.service.js';
import { UserRepository } from '../users/user.repository.js';
import type { ClientMeta } from './auth-context.js';
import { countAttempt } from './attempts.js';
import { EmailTokenRepository } from './email-token.repository.js';
import { hashPassword, scryptCost } from './password.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { SessionRepository } from './session.repository.js';
import { hashSecret, newSecret } from '../access/tokens.js';

const IP_BUCKET = 'auth-ip';
const EMAIL_BUCKET = 'reset-email';
const REQUESTS_PER_ADDRESS = 5;

// "Forgot password?": a single-use token mailed to the address, valid PASSWORD_RESET_TTL_MINUTES.
// The request answers the same whether or not an account uses the address (the mail is sent
// after the answer, see MailService), and using the token signs the account out everywhere.
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: EmailTokenRepository,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly limits: RateLimitRepository,
    private readonly mail: MailService,
    private readonly after: AfterCommit,
  ) {}

  private get windowMs(): number {
    return this.config.AUTH_RATE_WINDOW_SECONDS * 1000;
  }

  async request(email: string, client: ClientMeta): Promise<void> {
    // Counted whether or not the address has an account, so a 429 reveals nothing either.
    await countAttempt(this.limits, IP_BUCKET, client.ip ?? 'unknown', this.config.AUTH_MAX_ATTEMPTS_PER_IP, this.windowMs);
    await countAttempt(this.limits, EMAIL_BUCKET, email, REQUESTS_PER_ADDRESS, this.windowMs);
    const user = await this.users.findByEmail(email);
    if (!user) return;
    const token = newSecret();
    const minutes = this.config.PASSWORD_RESET_TTL_MINUTES;
    await this.tokens.issue({ userId: user.id, purpose: 'reset_password', tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + minutes * 60_000) });
    this.mail.passwordReset(user.email, token, minutes);
    await this.after.run({ audit: { action: 'auth.password_reset_requested', targetType: 'user', targetId: user.id, ip: client.ip } });
  }

  async reset(token: string, password: string, client: ClientMeta): Promise<void> {
    await countAttempt(this.limits, IP_BUCKET, client.ip ?? 'unknown', this.config.AUTH_MAX_ATTEMPTS_PER_IP, this.windowMs);
    const userId = await this.tokens.consume(hashSecret(token), 'reset_password', new Date());
    const user = userId ? await this.users.findById(userId) : null;
    if (!user) throw ApiError.validation({ 'body.token': 'this link is invalid, was already used or has expired; ask for a new one' });
    await this.users.setPasswordHash(user.id, await hashPassword(password, scryptCost(this.config.AUTH_PASSWORD_COST)));
    // Whoever had a session (or the old password) is out; sockets lose access on the re-check.
    const revoked = await this.sessions.revokeAllExcept(user.id, null, new Date());
    // The mail reached its owner, which proves the address as well as a verification link does.
    const joined = await this.users.verifyAndClaim(user.id, user.email, new Date());
    await this.limits.reset('auth-account', user.email);
    await this.after.run({
      audit: { action: 'auth.password_reset', targetType: 'user', targetId: user.id, actorId: user.id, ip: client.ip, metadata: { revokedSessions: revoked, joinedWorkspaces: joined } },
      publish: [accessChanged({ userIds: [user.id] }), ...joined.map(treeChanged)],
    });
  }
}
