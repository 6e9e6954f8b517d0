import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { UsersModule } from '../users/users.module.js';
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
  imports: [UsersModule, AccessModule, EventsModule],
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, SessionRepository, RateLimitRepository, SocketTokenRepository],
  exports: [AuthService, AuthGuard],
})
export class AuthModule {}
