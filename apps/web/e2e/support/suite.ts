import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { Mailbox, MailboxReader, type MailReader, SHARED_STACK_ENV, TandemStack, testServices } from '@tandem/testkit';
import { launchBrowser } from './browser.js';
import { type Person, signUpPerson } from './people.js';

// What every browser suite stands on: the real Tandem processes (server, worker, web app), a mail
// server they send to, and Chromium. Call it at the top of a describe: its beforeAll runs before
// the suite's own, its afterAll stops what it started, whatever failed.
//
// Without options a suite uses the run's shared stack and mailbox (testkit's shared-stack.ts, started by e2e/support/global-setup.mjs) when there is
// one; with any (its own, to restart its processes; no worker; other settings) it starts its own.
export interface BrowserSuite<Stack = { webUrl: string; serverUrl: string }> {
  stack: Stack;
  browser: Browser;
  mailbox: MailReader;
  // A verified person with a browser context and one tab of their own.
  signUp(name: string, options?: Parameters<typeof signUpPerson>[4]): Promise<Person>;
}

interface OwnStack {
  own?: true;
  worker?: boolean;
  env?: Record<string, string>;
}

export function browserSuite(options: OwnStack & { own: true }): BrowserSuite<TandemStack>;
export function browserSuite(options?: OwnStack): BrowserSuite;
export function browserSuite(options: OwnStack = {}): BrowserSuite<TandemStack> | BrowserSuite {
  const suite = {
    signUp: (name, personOptions) => signUpPerson(suite.browser, suite.stack.webUrl, suite.mailbox, name, personOptions),
  } as BrowserSuite;
  let own: { stack: TandemStack; mailbox: Mailbox } | undefined;
  beforeAll(async () => {
    const [webUrl, serverUrl, mailUrl] = [process.env[SHARED_STACK_ENV.web], process.env[SHARED_STACK_ENV.server], process.env[SHARED_STACK_ENV.mail]];
    if (Object.keys(options).length === 0 && webUrl && serverUrl && mailUrl) {
      suite.stack = { webUrl, serverUrl };
      suite.mailbox = new MailboxReader(mailUrl);
    } else {
      const mailbox = await new Mailbox().start();
      // A Redis namespace of its own: the shared stack's worker (other settings, another storage
      // root) must not take this stack's jobs, nor this worker the shared stack's.
      const env = { SMTP_URL: mailbox.smtpUrl, REDIS_PREFIX: `${testServices().REDIS_PREFIX}-${randomUUID().slice(0, 8)}`, ...options.env };
      own = { mailbox, stack: await new TandemStack({ web: true, worker: options.worker ?? true, env }).start() };
      Object.assign(suite, own);
    }
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await own?.stack.stop();
    await own?.mailbox.stop();
  });
  return suite;
}
