import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/env.js';
import { RedisService } from '../infra/redis.service.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface OutboxMail extends OutgoingMail {
  sentAt: string;
}

// How many mails the development outbox keeps, and for how long.
const OUTBOX_SIZE = 50;
const OUTBOX_TTL_SECONDS = 24 * 3600;

// The only place mail leaves the process. With SMTP_URL: nodemailer over SMTP. Without it (a
// laptop's `npm start`): the mail is written to the log and kept in a Redis list that the
// development outbox page shows, so a newcomer can still follow a verification link. The list is in
// Redis (not memory) so any server instance can show what another one sent.
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly smtp: Transporter | null;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {
    this.smtp = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
  }

  get usesOutbox(): boolean {
    return this.smtp === null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (this.smtp) {
      await this.smtp.sendMail({ from: this.config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
      return;
    }
    this.logger.log(`No SMTP_URL set; mail to ${mail.to}: ${mail.subject}\n${mail.text}`);
    const key = this.outboxKey();
    const entry: OutboxMail = { ...mail, sentAt: new Date().toISOString() };
    await this.redis.client.multi().lpush(key, JSON.stringify(entry)).ltrim(key, 0, OUTBOX_SIZE - 1).expire(key, OUTBOX_TTL_SECONDS).exec();
  }

  async outbox(): Promise<OutboxMail[]> {
    const raw = await this.redis.client.lrange(this.outboxKey(), 0, OUTBOX_SIZE - 1);
    return raw.map((r) => JSON.parse(r) as OutboxMail);
  }

  private outboxKey(): string {
    return this.redis.key('mail-outbox');
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
