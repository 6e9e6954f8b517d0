import { z } from 'zod';
import { ApiLimits, Email, Id, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

const Password = z
  .string({ error: 'must be a string' })
  .min(ApiLimits.passwordMin, { error: `must be at least ${ApiLimits.passwordMin} characters` })
  .max(ApiLimits.passwordMax, { error: `must be at most ${ApiLimits.passwordMax} characters` });

const PersonName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(ApiLimits.nameMax, { error: `must be at most ${ApiLimits.nameMax} characters` });

// The cookie that carries a browser's session (httpOnly; an API client sends `Authorization:
// Bearer <token>` instead).
export const SESSION_COOKIE = 'tandem_session';

// POST /auth/signup → 201 AuthResponse (+ httpOnly `tandem_session` cookie).
export const SignupBody = z.strictObject({ email: Email, name: PersonName, password: Password });
export type SignupBody = z.input<typeof SignupBody>;

// POST /auth/login → 200 AuthResponse (+ cookie). Wrong email or password: 401, same message.
export const LoginBody = z.strictObject({
  email: Email,
  // No length rules at login beyond the cap: an old password must still be accepted.
  password: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(ApiLimits.passwordMax),
});
export type LoginBody = z.input<typeof LoginBody>;

// The colour theme an account chose: "system" follows the device's setting.
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

// PATCH /auth/me → 200 MeResponse. `name`: the name others see (members, presence, carets); sockets
// opened afterwards carry it. `theme`: applied by every browser this account signs in on.
export const UpdateProfileBody = z
  .strictObject({ name: PersonName.optional(), theme: z.enum(THEMES, { error: `must be one of ${THEMES.join(', ')}` }).optional() })
  .refine((b) => b.name !== undefined || b.theme !== undefined, { error: 'give name or theme', path: ['name'] });
export type UpdateProfileBody = z.input<typeof UpdateProfileBody>;

// POST /auth/password → 204. Other sessions of the account are revoked; this one stays.
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(ApiLimits.passwordMax),
  newPassword: Password,
});
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

// DELETE /auth/me → 204. Refused (409) while the user is the only owner of a workspace with others in it.
export const DeleteAccountBody = z.strictObject({
  password: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(ApiLimits.passwordMax),
});
export type DeleteAccountBody = z.input<typeof DeleteAccountBody>;

// POST /auth/socket-token → SocketTokenResponse. With a session: a token for that user. Without a
// session, `shareToken` (a public link's token) gets a read-only token for that link's pages.
export const SocketTokenBody = z
  .strictObject({ shareToken: z.string().min(16, { error: 'is not a share token' }).max(128).optional() })
  .optional()
  .transform((v) => v ?? {});
export type SocketTokenBody = z.input<typeof SocketTokenBody>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  // False until the person opens the link mailed to this address; until then no invitation is
  // accepted and no page shared with the address is bound to the account.
  emailVerified: boolean;
  createdAt: Timestamp;
  theme: Theme;
}

// Emailed tokens (verification, password reset) are URL-safe base64 of 32 random bytes.
export const EmailLinkToken = z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_-]{16,128}$/, { error: 'is not a valid link token' });

// POST /auth/verify-email (no session needed: the link may be opened in another browser)
// → 200 VerifyEmailResponse. The token works once, within EMAIL_VERIFY_TTL_HOURS; an unknown,
// used or expired one answers 400 on body.token.
export const VerifyEmailBody = z.strictObject({ token: EmailLinkToken });
export type VerifyEmailBody = z.input<typeof VerifyEmailBody>;
export interface VerifyEmailResponse {
  user: UserView;
  // Workspaces joined through invitations or shares waiting for this address.
  joinedWorkspaceIds: string[];
}

// POST /auth/verify-email/resend (session) → 204: a new link to the signed-in address (the old one
// stops working). Already verified: 204, no mail. Rate-limited per account.

// POST /auth/password-reset/request → 204 whether or not an account uses the address (a mail is
// sent only if one does). Rate-limited per IP and per address.
export const PasswordResetRequestBody = z.strictObject({ email: Email });
export type PasswordResetRequestBody = z.input<typeof PasswordResetRequestBody>;

// POST /auth/password-reset → 204. Sets the password, revokes every session of the account (log in
// again) and counts as proof of the address. Unknown, used or expired token: 400 on body.token.
export const PasswordResetBody = z.strictObject({ token: EmailLinkToken, password: Password });
export type PasswordResetBody = z.input<typeof PasswordResetBody>;

export interface AuthResponse {
  user: UserView;
  // The session token: send it as `Authorization: Bearer <token>` when cookies are not an option.
  token: string;
}

export interface MeResponse {
  user: UserView;
}

export interface SessionView {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  // True for the session that made this request.
  current: boolean;
}

// GET /auth/sessions → { sessions } (active ones, newest first). DELETE /auth/sessions/:id → 204.
export interface SessionsResponse {
  sessions: SessionView[];
}

// Pass `token` in the Socket.IO handshake: `io(url, { auth: { token } })`. Single purpose, expires
// at `expiresAt` (about two minutes): fetch a fresh one before every (re)connect.
export interface SocketTokenResponse {
  token: string;
  expiresAt: Timestamp;
}

export const SessionIdParam = Id;

// The auth endpoints (paths, bodies, responses: see route.ts).
export const AuthRoutes = {
  signup: defineRoute<AuthResponse>()({ method: 'POST', path: '/auth/signup', body: SignupBody }),
  login: defineRoute<AuthResponse>()({ method: 'POST', path: '/auth/login', body: LoginBody }),
  logout: defineRoute<void>()({ method: 'POST', path: '/auth/logout', response: 'empty' }),
  me: defineRoute<MeResponse>()({ method: 'GET', path: '/auth/me' }),
  updateProfile: defineRoute<MeResponse>()({ method: 'PATCH', path: '/auth/me', body: UpdateProfileBody }),
  changePassword: defineRoute<void>()({ method: 'POST', path: '/auth/password', body: ChangePasswordBody, response: 'empty' }),
  deleteAccount: defineRoute<void>()({ method: 'DELETE', path: '/auth/me', body: DeleteAccountBody }),
  sessions: defineRoute<SessionsResponse>()({ method: 'GET', path: '/auth/sessions' }),
  revokeSession: defineRoute<void>()({ method: 'DELETE', path: '/auth/sessions/:id' }),
  socketToken: defineRoute<SocketTokenResponse>()({ method: 'POST', path: '/auth/socket-token', body: SocketTokenBody }),
  verifyEmail: defineRoute<VerifyEmailResponse>()({ method: 'POST', path: '/auth/verify-email', body: VerifyEmailBody }),
  resendVerification: defineRoute<void>()({ method: 'POST', path: '/auth/verify-email/resend', response: 'empty' }),
  requestPasswordReset: defineRoute<void>()({ method: 'POST', path: '/auth/password-reset/request', body: PasswordResetRequestBody, response: 'empty' }),
  resetPassword: defineRoute<void>()({ method: 'POST', path: '/auth/password-reset', body: PasswordResetBody, response: 'empty' }),
  // Development only (HTML, not JSON): the mails sent without SMTP.
  devOutbox: defineRoute<string>()({ method: 'GET', path: '/dev/outbox' }),
} as const;
