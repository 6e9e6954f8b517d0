import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type MailReader, tokenFrom } from '@tandem/testkit';

// The people of a browser suite: each a verified account in a browser context of its own, signed up
// through the web app's API and confirmed from the mailed link (sharing a page needs a confirmed
// address), with one page open.

export const PASSWORD = 'correct horse battery staple';

export interface Person {
  id: string;
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

export async function signUpPerson(
  browser: Browser,
  webUrl: string,
  mailbox: MailReader,
  name: string,
  options: { acceptDownloads?: boolean; clipboard?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({ baseURL: webUrl, viewport: { width: 1280, height: 800 }, acceptDownloads: options.acceptDownloads ?? false });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: webUrl });
  const email = `${name.toLowerCase()}-${randomUUID()}@example.test`;
  const res = await context.request.post('/api/auth/signup', { data: { email, name, password: PASSWORD } });
  if (res.status() !== 201) throw new Error(`sign-up of ${name}: ${res.status()} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  const token = tokenFrom((await mailbox.waitFor(email, /Confirm your email/)).links[0]);
  const verified = await context.request.post('/api/auth/verify-email', { data: { token } });
  if (verified.status() !== 200) throw new Error(`confirming ${name}'s address: ${verified.status()} ${await verified.text()}`);
  return { id: user.id, name, email, context, page: await context.newPage() };
}

// A call to the API as `person`, through the web app's proxy; anything but 2xx throws with the answer.
export async function personApi<T>(person: Person, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<T> {
  const res = await person.context.request.fetch(`/api${path}`, { method, data });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
