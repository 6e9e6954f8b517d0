import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.js';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  // Every http(s) link in the text, in order.
  links: string[];
}

// What suites read of a mailbox, here or in another module context (see MailboxReader).
export interface MailReader {
  waitFor(address: string, subject?: RegExp, options?: { since?: number; timeoutMs?: number }): Promise<ReceivedMail>;
}

// A real SMTP server on a free loopback port that keeps what it receives, so suites test mail the
// way production sends it (nodemailer over SMTP) and follow the links inside. `smtpUrl` goes into
// the server's SMTP_URL.
export class Mailbox implements MailReader {
  readonly received: ReceivedMail[] = [];
  private readonly arrivals = new EventEmitter();
  private server?: SMTPServer;
  private http?: Server;
  port = 0;

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, done) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
            const text = parsed.text ?? '';
            const mail: ReceivedMail = { to, subject: parsed.subject ?? '', text, links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [] };
            this.received.push(mail);
            this.arrivals.emit('mail', mail);
            done();
          })
          .catch((err: Error) => done(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  // The first mail to `address` (optionally whose subject matches) received after `since` mails
  // in total, waiting for it to arrive.
  waitFor(address: string, subject?: RegExp, { since = 0, timeoutMs = 15_000 } = {}): Promise<ReceivedMail> {
    const want = address.toLowerCase();
    const matches = (m: ReceivedMail) => m.to.includes(want) && (!subject || subject.test(m.subject));
    const found = this.received.slice(since).find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.arrivals.off('mail', onMail);
        reject(new Error(`no mail to ${address}${subject ? ` matching ${subject}` : ''} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMail = (m: ReceivedMail) => {
        if (!matches(m)) return;
        clearTimeout(timer);
        this.arrivals.off('mail', onMail);
        resolve(m);
      };
      this.arrivals.on('mail', onMail);
    });
  }

  // Every mail to `address` so far.
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  // What was received, as JSON over loopback HTTP (GET / → ReceivedMail[]): for suites that share
  // this mailbox from another module context (Jest's globalSetup), through MailboxReader.
  async serve(): Promise<string> {
    const port = await freePort();
    this.http = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(this.received));
    });
    await new Promise<void>((resolve) => this.http!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// A served Mailbox read from elsewhere: the same waitFor, by polling its HTTP answer.
export class MailboxReader implements MailReader {
  constructor(private readonly url: string) {}

  async waitFor(address: string, subject?: RegExp, { since = 0, timeoutMs = 15_000 } = {}): Promise<ReceivedMail> {
    const want = address.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = (await (await fetch(this.url)).json()) as ReceivedMail[];
      const found = received.slice(since).find((m) => m.to.includes(want) && (!subject || subject.test(m.subject)));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${address}${subject ? ` matching ${subject}` : ''} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

// The token in a link's query (`?token=`).
export function tokenFrom(link: string | undefined): string {
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
