import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountEmailController } from './account-email.controller.js';
import { EmailTokenRepository } from './email-token.repository.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { SessionRepository } from './session.repository.js';
import { SocketTokenRepository } from './socket-token.repository.js';
import { EventsModule } from '../events/events.module.js';

// Accounts and sessions. Exports AuthService (the gateway calls verifySocketToken) and AuthGuard
// (every other controller's @UseGuards).
@Module({
  imports: [UsersModule, AccessModule, EventsModule, MailModule],
  controllers: [AuthController, AccountEmailController],
  providers: [AuthService, AuthGuard, SessionRepository, RateLimitRepository, SocketTokenRepository, EmailTokenRepository, EmailVerificationService, PasswordResetService],
  exports: [AuthService, AuthGuard, RateLimitRepository],
})
export class AuthModule {}
