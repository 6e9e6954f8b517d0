import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../common/api-error.js';
import type { AuthedRequest } from './auth-context.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from './session-cookie.js';

const OPTIONAL_AUTH = 'tandem:optional-auth';
// The route works without a session too; a valid one is still attached when present.
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH, true);

// Reads the session from `Authorization: Bearer <token>` (API clients, tests) or the httpOnly
// `tandem_session` cookie (the web app through its same-origin proxy). 401 without a live session.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, [context.getHandler(), context.getClass()]) === true;
    const token = sessionToken(req);
    const auth = token ? await this.auth.authenticate(token) : null;
    if (auth) {
      req.auth = auth;
      return true;
    }
    if (optional) return true;
    throw ApiError.unauthenticated(token ? 'Your session has ended. Sign in again.' : 'Sign in to continue.');
  }
}

function sessionToken(req: AuthedRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header);
    return match?.[1] ?? null;
  }
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(cookie) ? cookie : null;
}
