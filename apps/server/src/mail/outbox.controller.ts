import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../common/api-error.js';
import { servedOnLocalhost } from '../config/deployment.js';
import { AppConfig } from '../config/env.js';
import { MailTransport } from './mail.transport.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const linkify = (s: string) => escape(s).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');

// The development outbox: with no SMTP configured, the mails the server would have sent, newest
// first, with their links clickable (the web app shows it at /api/dev/outbox). It exists only while
// the app is served on localhost over http and mail goes nowhere else: it shows everyone's tokens.
@ApiTags('development')
@Controller('dev')
export class OutboxController {
  constructor(
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  @Get('outbox')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'HTML list of the mails sent without SMTP (development only).' })
  @ApiNotFoundResponse({ description: 'Unless the app is served on localhost with no SMTP_URL set.' })
  async outbox(): Promise<string> {
    if (!servedOnLocalhost(this.config) || !this.transport.usesOutbox) throw ApiError.notFound('Page');
    const mails = await this.transport.outbox();
    const items = mails
      .map((m) => `<article><h2>${escape(m.subject)}</h2><p>To ${escape(m.to)} · ${escape(m.sentAt)}</p><pre>${linkify(m.text)}</pre></article>`)
      .join('\n');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Tandem outbox</title>
<style>:root{color-scheme:light dark}body{font:15px system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #8884;padding:.5rem 0}pre{white-space:pre-wrap;overflow-wrap:anywhere}</style></head>
<body><h1>Outbox (development)</h1><p>No SMTP_URL is set, so mails land here and in the server log.</p>${items || '<p>No mail yet.</p>'}</body></html>`;
  }
}
