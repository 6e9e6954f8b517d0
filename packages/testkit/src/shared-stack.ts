import { Mailbox } from './mailbox.js';
import { TandemStack } from './stack.js';

// One Tandem stack (server, worker, web app) and one mailbox shared by every browser suite of a
// Jest run that needs nothing special of them, started once (from Jest's globalSetup) instead of
// once per suite: starting the three processes is most of a small suite's time. Suites find them
// through these environment variables; the mailbox is read over loopback HTTP (MailboxReader),
// since Jest's module contexts can't share the object.
export const SHARED_STACK_ENV = { web: 'TANDEM_E2E_WEB_URL', server: 'TANDEM_E2E_SERVER_URL', mail: 'TANDEM_E2E_MAIL_URL' } as const;

let shared: { mailbox: Mailbox; stack: TandemStack } | undefined;

export async function startSharedStack(): Promise<void> {
  const mailbox = await new Mailbox().start();
  const mailUrl = await mailbox.serve();
  // Every suite's people sign up and confirm from 127.0.0.1: the per-address limit is not what these
  // suites test (the server's auth-hardening suite does).
  const stack = await new TandemStack({ web: true, worker: true, env: { SMTP_URL: mailbox.smtpUrl, AUTH_MAX_ATTEMPTS_PER_IP: '100000' } }).start();
  shared = { mailbox, stack };
  process.env[SHARED_STACK_ENV.web] = stack.webUrl;
  process.env[SHARED_STACK_ENV.server] = stack.serverUrl;
  process.env[SHARED_STACK_ENV.mail] = mailUrl;
}

export async function stopSharedStack(): Promise<void> {
  await shared?.stack.stop();
  await shared?.mailbox.stop();
  shared = undefined;
}
