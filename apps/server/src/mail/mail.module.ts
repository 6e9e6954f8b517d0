import { Module } from '@nestjs/common';
import { MailService } from './mail.service.js';
import { MailTransport } from './mail.transport.js';
import { OutboxController } from './outbox.controller.js';

@Module({ controllers: [OutboxController], providers: [MailTransport, MailService], exports: [MailService] })
export class MailModule {}
