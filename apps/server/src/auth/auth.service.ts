import { Injectable } from '@nestjs/common';
import type {
  AuthResponse,
  ChangePasswordBody,
  DeleteAccountBody,
  LoginBody,
  MeResponse,
  SessionsResponse,
  SignupBody,
  SocketTokenResponse,
  SocketTokenBody,
  UpdateProfileBody,
} from '@tandem/protocol';
import type { z } from 'zod';
import { AccessService } from '../access/access.service.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { accessChanged } from '../events/realtime-channels.js';
import { UserRepository } from '../users/user.repository.js';
import type { AuthContext, ClientMeta } from './auth-context.js';
import { hashPassword, needsRehash, scryptCost, verifyAgainstNothing, verifyPassword } from './password.js';
import type { Principal } from '../access/principal.js';
import { RateLimitRepository, type WindowCount } from './rate-limit.repository.js';
import { EmailVerificationService } from './email-verification.service.js';
import { toUserView } from './user-view.js';
import { SessionRepository } from './session.repository.js';
import { SocketTokenRepository } from './socket-token.repository.js';
import { hashSecret, newSecret } from '../access/tokens.js';

// lastSeenAt is refreshed at most this often, so an active user doesn't cost a write per request.
const TOUCH_EVERY_MS = 5 * 60_000;
const IP_BUCKET = 'auth-ip';
const ACCOUNT_BUCKET = 'auth-account';
const SIGNUP_BUCKET = 'auth-signup';

export { toUserView };

function refuseOver({ count, retryAfterMs }: WindowCount, max: number): void {
  if (count > max) throw ApiError.rateLimited(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly limits: RateLimitRepository,
    private readonly socketTokens: SocketTokenRepository,
    private readonly access: AccessService,
    private readonly after: AfterCommit,
    private readonly verification: EmailVerificationService,
  ) {}

  private get passwordCost() {
    return scryptCost(this.config.AUTH_PASSWORD_COST);
  }

  get sessionTtlMs(): number {
    return this.config.SESSION_TTL_DAYS * 86_400_000;
  }

  private get windowMs(): number {
    return this.config.AUTH_RATE_WINDOW_SECONDS * 1000;
  }

  async signup(body: z.output<typeof SignupBody>, client: ClientMeta): Promise<AuthResponse> {
    // Every sign-up attempt counts against the IP it comes from, and against the email address:
    // the 409 for a taken address would otherwise let anyone probe which addresses have accounts.
    await this.countAttempt(IP_BUCKET, client.ip ?? 'unknown', this.config.AUTH_MAX_ATTEMPTS_PER_IP);
    await this.countAttempt(SIGNUP_BUCKET, body.email, this.config.AUTH_MAX_FAILURES_PER_ACCOUNT);
    const user = await this.users.create({ email: body.email, name: body.name, passwordHash: await hashPassword(body.password, this.passwordCost) });
    if (!user) throw ApiError.conflict('An account with this email already exists. Log in instead.');
    // Nothing addressed to this email (invitations, shares) is handed over until the person proves
    // they read it: whoever registers someone else's address first must not capture their invites.
    await this.verification.sendLink(user);
    const token = await this.openSession(user.id, client);
    await this.after.run({ audit: { action: 'auth.signup', targetType: 'user', targetId: user.id, actorId: user.id, ip: client.ip } });
    return { user: toUserView(user), token };
  }

  async login(body: z.output<typeof LoginBody>, client: ClientMeta): Promise<AuthResponse> {
    const ip = client.ip ?? 'unknown';
    // Every attempt is counted before the password is checked: reading the count, running scrypt and
    // counting the failure afterwards let any number of parallel guesses through on one stale count.
    // Only failures are kept: a success takes its IP count back and clears the account's, so a busy
    // office behind one address can still sign in all day.
    const [perIp, perAccount] = await Promise.all([this.limits.hit(IP_BUCKET, ip, this.windowMs), this.limits.hit(ACCOUNT_BUCKET, body.email, this.windowMs)]);
    refuseOver(perIp, this.config.AUTH_MAX_ATTEMPTS_PER_IP);
    refuseOver(perAccount, this.config.AUTH_MAX_FAILURES_PER_ACCOUNT);
    const user = await this.users.findByEmail(body.email);
    const ok = user ? await verifyPassword(body.password, user.passwordHash) : await verifyAgainstNothing(body.password, this.passwordCost);
    if (!user || !ok) {
      await this.after.run({ audit: { action: 'auth.login_failed', targetType: 'user', targetId: user?.id ?? null, ip: client.ip, metadata: { email: body.email } } });
      throw ApiError.unauthenticated('Email or password is incorrect.');
    }
    await Promise.all([this.limits.reset(ACCOUNT_BUCKET, body.email), this.limits.undo(IP_BUCKET, ip)]);
    // A hash made at an older, cheaper cost is replaced while the password is at hand.
    if (needsRehash(user.passwordHash, this.passwordCost)) {
      await this.users.replacePasswordHash(user.id, user.passwordHash, await hashPassword(body.password, this.passwordCost));
    }
    // Invitations to the address are accepted only once the person has proven it is theirs.
    const joined = user.emailVerifiedAt ? await this.users.acceptPendingInvitations(user.id, user.email) : [];
    const token = await this.openSession(user.id, client);
    await this.after.run({ audit: { action: 'auth.login', targetType: 'user', targetId: user.id, actorId: user.id, ip: client.ip, metadata: { joinedWorkspaces: joined } } });
    return { user: toUserView(user), token };
  }

  async logout(auth: AuthContext, client: ClientMeta): Promise<void> {
    await this.sessions.revoke(auth.user.id, auth.sessionId, new Date());
    await this.after.run({
      audit: { action: 'auth.logout', targetType: 'session', targetId: auth.sessionId, actorId: auth.user.id, ip: client.ip },
      publish: [accessChanged({ userIds: [auth.user.id] })],
    });
  }

  // The live session behind a token, or null. Used by the AuthGuard on every request.
  async authenticate(token: string): Promise<AuthContext | null> {
    const now = new Date();
    const session = await this.sessions.findActive(hashSecret(token), now);
    if (!session) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(session.id, now);
    const { user } = session;
    return {
      user: { id: user.id, email: user.email, name: user.name, emailVerifiedAt: user.emailVerifiedAt, createdAt: user.createdAt, theme: user.theme },
      sessionId: session.id,
      principal: { kind: 'user', userId: user.id, name: user.name, sessionId: session.id },
    };
  }

  async updateProfile(auth: AuthContext, body: z.output<typeof UpdateProfileBody>, client: ClientMeta): Promise<MeResponse> {
    const user = await this.users.setProfile(auth.user.id, body);
    await this.after.run({ audit: { action: 'auth.profile_updated', targetType: 'user', targetId: auth.user.id, actorId: auth.user.id, ip: client.ip, metadata: { ...body } } });
    return { user: toUserView(user) };
  }

  async changePassword(auth: AuthContext, body: z.output<typeof ChangePasswordBody>, client: ClientMeta): Promise<void> {
    await this.checkPassword(auth.user.id, body.currentPassword, 'currentPassword');
    await this.users.setPasswordHash(auth.user.id, await hashPassword(body.newPassword, this.passwordCost));
    // Whoever knew the old password is signed out everywhere but here.
    await this.sessions.revokeAllExcept(auth.user.id, auth.sessionId, new Date());
    await this.after.run({
      audit: { action: 'auth.password_changed', targetType: 'user', targetId: auth.user.id, actorId: auth.user.id, ip: client.ip },
      publish: [accessChanged({ userIds: [auth.user.id] })],
    });
  }

  async deleteAccount(auth: AuthContext, body: z.output<typeof DeleteAccountBody>, client: ClientMeta): Promise<void> {
    await this.checkPassword(auth.user.id, body.password, 'password');
    const blocking = await this.users.soleOwnedSharedWorkspaces(auth.user.id);
    if (blocking.length) {
      throw ApiError.conflict('You are the only owner of a workspace others use. Transfer ownership or remove its members first.');
    }
    const deletedWorkspaces = await this.users.deleteWithSoloWorkspaces(auth.user.id);
    // The actor row is gone, so the id is kept in the metadata rather than the foreign key.
    await this.after.run({
      audit: { action: 'auth.account_deleted', targetType: 'user', targetId: auth.user.id, ip: client.ip, metadata: { userId: auth.user.id, email: auth.user.email, deletedWorkspaces } },
      publish: [accessChanged({ userIds: [auth.user.id] }), ...deletedWorkspaces.map((workspaceId) => accessChanged({ workspaceId }))],
    });
  }

  async listSessions(auth: AuthContext): Promise<SessionsResponse> {
    const sessions = await this.sessions.listActive(auth.user.id, new Date());
    return {
      sessions: sessions.map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        current: s.id === auth.sessionId,
      })),
    };
  }

  async revokeSession(auth: AuthContext, sessionId: string, client: ClientMeta): Promise<void> {
    if (!(await this.sessions.revoke(auth.user.id, sessionId, new Date()))) throw ApiError.notFound('Session');
    await this.after.run({
      audit: { action: 'auth.session_revoked', targetType: 'session', targetId: sessionId, actorId: auth.user.id, ip: client.ip },
      publish: [accessChanged({ userIds: [auth.user.id] })],
    });
  }

  // A short-lived token for the Socket.IO handshake. Random and kept in Redis (not a signed JWT):
  // no signing key to configure or rotate, any instance can check it, and it names the session it
  // came from so logging out also ends its sockets' access. With a share token and no need for an
  // account, it stands for the public link (read-only).
  async issueSocketToken(auth: AuthContext | undefined, body: z.output<typeof SocketTokenBody>): Promise<SocketTokenResponse> {
    let principal: Principal | null;
    if (body.shareToken) {
      principal = await this.access.linkPrincipal(body.shareToken);
      if (!principal) throw ApiError.notFound('Share link');
    } else if (auth) {
      principal = auth.principal;
    } else {
      throw ApiError.unauthenticated();
    }
    const token = newSecret();
    const ttl = this.config.SOCKET_TOKEN_TTL_SECONDS;
    await this.socketTokens.save(hashSecret(token), principal, ttl);
    return { token, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
  }

  // For the realtime gateway's handshake: who the token stands for, or null if it is unknown,
  // expired, already used, or its session / link has been revoked since. The token is used up only
  // once everything checked out: a check that failed for want of Postgres can be retried with it.
  async verifySocketToken(token: string): Promise<Principal | null> {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
    const tokenHash = hashSecret(token);
    const principal = await this.socketTokens.find(tokenHash);
    if (!principal) return null;
    const live =
      principal.kind === 'user' ? !principal.sessionId || (await this.sessions.isActive(principal.sessionId, new Date())) : await this.linkStillActive(principal);
    if (!live) return null;
    return (await this.socketTokens.consume(tokenHash)) ? principal : null;
  }

  private async linkStillActive(principal: Extract<Principal, { kind: 'link' }>): Promise<boolean> {
    return (await this.access.pageRole(principal, principal.pageId)) !== null;
  }

  private async openSession(userId: string, client: ClientMeta): Promise<string> {
    const token = newSecret();
    await this.sessions.create({ userId, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + this.sessionTtlMs), userAgent: client.userAgent, ip: client.ip });
    return token;
  }

  // Counted before checking, like log-in (parallel guesses of the current password are no cheaper).
  private async checkPassword(userId: string, password: string, field: string): Promise<void> {
    refuseOver(await this.limits.hit(ACCOUNT_BUCKET, userId, this.windowMs), this.config.AUTH_MAX_FAILURES_PER_ACCOUNT);
    const user = await this.users.findById(userId);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw ApiError.validation({ [`body.${field}`]: 'is not your current password' });
    }
    await this.limits.undo(ACCOUNT_BUCKET, userId);
  }

  private async countAttempt(bucket: string, id: string, max: number): Promise<void> {
    const { count, retryAfterMs } = await this.limits.hit(bucket, id, this.windowMs);
    if (count > max) throw ApiError.rateLimited(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
}
