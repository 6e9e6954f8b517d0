import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ChangePasswordBody,
  DeleteAccountBody,
  Id,
  LoginBody,
  SignupBody,
  SocketTokenBody,
  UpdateProfileBody,
  type AuthResponse,
  type MeResponse,
  type SessionsResponse,
  type SocketTokenResponse,
  AuthRoutes,
} from '@tandem/protocol';
import type { z } from 'zod';
import { ZodBody } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { servedOnLocalhost } from '../config/deployment.js';
import { AppConfig } from '../config/env.js';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from './auth-context.js';
import { AuthGuard, OptionalAuth } from './auth.guard.js';
import { AuthService, toUserView } from './auth.service.js';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';

@ApiTags('auth')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post(AuthRoutes.signup.path)
  @OptionalAuth()
  @ZodBody(SignupBody)
  @ApiCreatedResponse({ description: 'Account created and signed in; pending invitations to this address are accepted.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address.' })
  async signup(
    @Body(new ZodValidationPipe(SignupBody)) body: z.output<typeof SignupBody>,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponse> {
    const result = await this.auth.signup(body, client);
    this.setCookie(res, result.token);
    return result;
  }

  @Post(AuthRoutes.login.path)
  @OptionalAuth()
  @HttpCode(200)
  @ZodBody(LoginBody)
  @ApiOkResponse({ description: 'Signed in; pending invitations to this address are accepted.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this address or account.' })
  async login(
    @Body(new ZodValidationPipe(LoginBody)) body: z.output<typeof LoginBody>,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponse> {
    const result = await this.auth.login(body, client);
    this.setCookie(res, result.token);
    return result;
  }

  @Post(AuthRoutes.logout.path)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'This session is revoked and the cookie cleared.' })
  async logout(@CurrentAuth() auth: AuthContext, @Client() client: ClientMeta, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(auth, client);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secureCookie));
  }

  @Get(AuthRoutes.me.path)
  me(@CurrentAuth() auth: AuthContext): MeResponse {
    return { user: toUserView(auth.user) };
  }

  @Patch(AuthRoutes.updateProfile.path)
  @ZodBody(UpdateProfileBody)
  @ApiOkResponse({ description: 'Your name changed; new sockets carry it.' })
  updateProfile(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(UpdateProfileBody)) body: z.output<typeof UpdateProfileBody>,
    @Client() client: ClientMeta,
  ): Promise<MeResponse> {
    return this.auth.updateProfile(auth, body, client);
  }

  @Post(AuthRoutes.changePassword.path)
  @HttpCode(204)
  @ZodBody(ChangePasswordBody)
  @ApiNoContentResponse({ description: 'Password changed; every other session is revoked.' })
  changePassword(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(ChangePasswordBody)) body: z.output<typeof ChangePasswordBody>,
    @Client() client: ClientMeta,
  ): Promise<void> {
    return this.auth.changePassword(auth, body, client);
  }

  @Delete(AuthRoutes.deleteAccount.path)
  @HttpCode(204)
  @ZodBody(DeleteAccountBody)
  @ApiNoContentResponse({ description: 'Account deleted with the workspaces only it belonged to.' })
  async deleteAccount(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(DeleteAccountBody)) body: z.output<typeof DeleteAccountBody>,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.deleteAccount(auth, body, client);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secureCookie));
  }

  @Get(AuthRoutes.sessions.path)
  sessions(@CurrentAuth() auth: AuthContext): Promise<SessionsResponse> {
    return this.auth.listSessions(auth);
  }

  @Delete(AuthRoutes.revokeSession.path)
  @HttpCode(204)
  revokeSession(@CurrentAuth() auth: AuthContext, @Param('id', new ZodValidationPipe(Id)) id: string, @Client() client: ClientMeta): Promise<void> {
    return this.auth.revokeSession(auth, id, client);
  }

  @Post(AuthRoutes.socketToken.path)
  @OptionalAuth()
  @HttpCode(200)
  @ZodBody(SocketTokenBody, false)
  @ApiOkResponse({ description: 'A token for the Socket.IO handshake (`auth: { token }`), valid about two minutes.' })
  socketToken(
    @CurrentAuth() auth: AuthContext | undefined,
    @Body(new ZodValidationPipe(SocketTokenBody)) body: z.output<typeof SocketTokenBody>,
  ): Promise<SocketTokenResponse> {
    return this.auth.issueSocketToken(auth, body);
  }

  private get secureCookie(): boolean {
    return !servedOnLocalhost(this.config);
  }

  private setCookie(res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.secureCookie, this.auth.sessionTtlMs));
  }
}
