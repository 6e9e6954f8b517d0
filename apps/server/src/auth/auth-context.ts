import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { UserPrincipal } from '../access/principal.js';
import type { RequestWithClientIp } from '../common/client-ip.js';
import type { UserRow } from './user-view.js';

// What the AuthGuard attaches to an authenticated request.
export interface AuthContext {
  user: UserRow;
  sessionId: string;
  principal: UserPrincipal;
}

// Where a request came from, for sessions and the audit log (see common/client-ip.ts).
export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export type AuthedRequest = Request & { auth?: AuthContext };

// The signed-in user's context (only on routes behind AuthGuard; undefined on optional-auth routes
// without a session).
export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext | undefined => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().auth;
});

export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientMeta => {
  const req = ctx.switchToHttp().getRequest<RequestWithClientIp>();
  const agent = req.headers['user-agent'];
  return { ip: req.clientIp ?? req.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
});
