import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { PasswordResetBody, PasswordResetRequestBody, VerifyEmailBody, type VerifyEmailResponse } from '@tandem/protocol';
import type { z } from 'zod';
import { ZodBody } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from './auth-context.js';
import { AuthGuard, OptionalAuth } from './auth.guard.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';

// The emailed links: verifying an address and resetting a forgotten password.
@ApiTags('auth')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller('auth')
@UseGuards(AuthGuard)
export class AccountEmailController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly reset: PasswordResetService,
  ) {}

  @Post('verify-email')
  @OptionalAuth()
  @HttpCode(200)
  @ZodBody(VerifyEmailBody)
  @ApiOkResponse({ description: 'Address verified; open invitations and shares for it are accepted.' })
  @ApiBadRequestResponse({ description: 'Unknown, used or expired token (body.token).' })
  verify(@Body(new ZodValidationPipe(VerifyEmailBody)) body: z.output<typeof VerifyEmailBody>, @Client() client: ClientMeta): Promise<VerifyEmailResponse> {
    return this.verification.verify(body.token, client);
  }

  @Post('verify-email/resend')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'A new verification link is mailed (none if already verified).' })
  @ApiTooManyRequestsResponse({ description: 'Too many links asked for this account.' })
  resend(@CurrentAuth() auth: AuthContext): Promise<void> {
    return this.verification.resend(auth);
  }

  @Post('password-reset/request')
  @OptionalAuth()
  @HttpCode(204)
  @ZodBody(PasswordResetRequestBody)
  @ApiNoContentResponse({ description: 'The same answer whether or not an account uses the address; a link is mailed if one does.' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this IP or for this address.' })
  requestReset(@Body(new ZodValidationPipe(PasswordResetRequestBody)) body: z.output<typeof PasswordResetRequestBody>, @Client() client: ClientMeta): Promise<void> {
    return this.reset.request(body.email, client);
  }

  @Post('password-reset')
  @OptionalAuth()
  @HttpCode(204)
  @ZodBody(PasswordResetBody)
  @ApiNoContentResponse({ description: 'Password set; every session of the account is revoked.' })
  @ApiBadRequestResponse({ description: 'Unknown, used or expired token (body.token), or a password outside the limits.' })
  resetPassword(@Body(new ZodValidationPipe(PasswordResetBody)) body: z.output<typeof PasswordResetBody>, @Client() client: ClientMeta): Promise<void> {
    return this.reset.reset(body.token, body.password, client);
  }
}
