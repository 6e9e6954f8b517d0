import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mailbox } from './mailbox.js';
import { TandemStack } from './stack.js';

// One Tandem stack (server, worker, web app) and one mailbox shared by every browser suite of a
// Jest run that needs nothing special of them, started once (from Jest's globalSetup) instead of
// once per suite: starting the three processes is most of a small suite's time. Suites find them
// through these environment variables; the mailbox is read over loopback HTTP (MailboxReader),
// since Jest's module contexts can't share the object.
export const SHARED_STACK_ENV = { web: 'TANDEM_E2E_WEB_URL', server: 'TANDEM_E2E_SERVER_URL', mail: 'TANDEM_E2E_MAIL_URL' } as const;

let shared: { mailbox: Mailbox; stack: TandemStack; storage: string } | undefined;

export async function startSharedStack(): Promise<void> {
  const mailbox = await new Mailbox().start();
  const mailUrl = await mailbox.serve();
  // Uploaded and exported bytes in a directory of the run's own (removed at the end), which the
  // server and the worker share, as one deployment's processes do: the file, import and export
  // suites stand on this stack too, and nothing lands in the checkout's apps/server/data.
  const storage = mkdtempSync(join(tmpdir(), 'tandem-e2e-storage-'));
  // Every suite's people sign up and confirm from 127.0.0.1: the per-address limit is not what these
  // suites test (the server's auth-hardening suite does).
  const env = { SMTP_URL: mailbox.smtpUrl, AUTH_MAX_ATTEMPTS_PER_IP: '100000', STORAGE_LOCAL_DIR: storage };
  const stack = await new TandemStack({ web: true, worker: true, env }).start();
  shared = { mailbox, stack, storage };
  process.env[SHARED_STACK_ENV.web] = stack.webUrl;
  process.env[SHARED_STACK_ENV.server] = stack.serverUrl;
  process.env[SHARED_STACK_ENV.mail] = mailUrl;
}

export async function stopSharedStack(): Promise<void> {
  const stopping = shared;
  shared = undefined;
  try {
    await stopping?.stack.stop();
  } finally {
    await stopping?.mailbox.stop();
    if (stopping) rmSync(stopping.storage, { recursive: true, force: true });
  }
}
