import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { MailTransport, type OutgoingMail } from './mail.transport.js';

// The mails Tandem sends, composed here and handed to the transport without making the request
// wait: an SMTP round trip must not slow sign-up down, and "reset my password" must take as long
// for an unknown address (no mail) as for a known one. A failed delivery is logged; the person can
// ask again (resend / reset again). Sends still in flight are awaited at shutdown.
@Injectable()
export class MailService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly transport: MailTransport,
  ) {}

  private link(path: string, query: Record<string, string> = {}): string {
    const url = new URL(path, this.config.APP_URL ?? this.config.WEB_ORIGIN[0] ?? 'http://localhost:3000');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  verifyEmail(to: string, name: string, token: string, ttlHours: number): void {
    this.send({
      to,
      subject: 'Confirm your email address for Tandem',
      text: `Hi ${name},\n\nConfirm that this is your address by opening this link:\n\n${this.link('/verify-email', { token })}\n\nIt works once, for ${ttlHours} hours. Until then, workspace invitations and pages shared with this address wait for you.\n\nIf you didn't sign up for Tandem, ignore this mail.`,
    });
  }

  passwordReset(to: string, token: string, ttlMinutes: number): void {
    this.send({
      to,
      subject: 'Reset your Tandem password',
      text: `Someone (hopefully you) asked to reset the password of the Tandem account for this address.\n\nChoose a new password here:\n\n${this.link('/reset-password', { token })}\n\nThe link works once, for ${ttlMinutes} minutes, and signs you out everywhere. If you didn't ask, ignore this mail: your password stays as it is.`,
    });
  }

  invitation(to: string, inviter: string, workspace: string, role: string): void {
    this.send({
      to,
      subject: `${inviter} invited you to ${workspace} on Tandem`,
      text: `${inviter} invited you to the workspace "${workspace}" on Tandem as ${role}.\n\nSign up or log in with this address, confirm it, and accept here:\n\n${this.link('/invitations')}`,
    });
  }

  pageShared(to: string, sharer: string, title: string, path: string): void {
    this.send({
      to,
      subject: `${sharer} shared "${title || 'Untitled'}" with you on Tandem`,
      text: `${sharer} shared the page "${title || 'Untitled'}" with you on Tandem.\n\nOpen it (sign up or log in with this address, and confirm it, first):\n\n${this.link(path)}`,
    });
  }

  // One mail for a batch of mentions (the worker's job, which retries on failure: this one is awaited).
  mentions(to: string, name: string, items: ReadonlyArray<{ actor: string; title: string; excerpt: string; path: string }>): Promise<void> {
    const who = [...new Set(items.map((i) => i.actor))];
    const subject = items.length === 1 ? `${items[0]!.actor} mentioned you in "${items[0]!.title || 'Untitled'}"` : `${who.length === 1 ? who[0] : 'People'} mentioned you ${items.length} times on Tandem`;
    // A mention in a page's text (not a comment) has no excerpt.
    const lines = items.map((i) => `${i.actor} in "${i.title || 'Untitled'}":\n  ${i.excerpt ? `${i.excerpt}\n  ` : ''}${this.link(i.path)}`);
    return this.transport.send({
      to,
      subject,
      text: `Hi ${name},\n\n${lines.join('\n\n')}\n\nYou get these mails for mentions you have not read in Tandem yet. Turn them off in your account settings:\n${this.link('/account')}`,
    });
  }

  // An export the person started is ready (with when its file goes) or failed. A link to the inbox,
  // where the download is: the file itself never travels by mail.
  exportFinished(to: string, name: string, e: { outcome: 'ready' | 'failed'; fileName: string | null; error: string | null; expiresAt: Date | null; inboxPath: string }): void {
    const what = e.fileName ? `"${e.fileName}"` : 'export';
    const until = e.expiresAt ? ` It can be downloaded until ${e.expiresAt.toUTCString()}.` : '';
    this.send(
      e.outcome === 'ready'
        ? { to, subject: `Your export ${what} is ready`, text: `Hi ${name},\n\nYour Tandem export ${what} is ready.${until} Download it from your inbox:\n\n${this.link(e.inboxPath)}\n\nTurn these mails off in your account settings:\n${this.link('/account')}` }
        : { to, subject: 'Your Tandem export failed', text: `Hi ${name},\n\nYour Tandem export failed: ${e.error ?? 'something went wrong on the server.'}\n\nSee your inbox, and export again from the page or the workspace's settings:\n\n${this.link(e.inboxPath)}\n\nTurn these mails off in your account settings:\n${this.link('/account')}` },
    );
  }

  private send(mail: OutgoingMail): void {
    const sending = this.transport
      .send(mail)
      .catch((err: unknown) => this.logger.error(`Could not send "${mail.subject}" to ${mail.to}: ${(err as Error).message}`))
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
