import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Verifying an address and resetting a forgotten password in a real browser: the server sends the
// mails over SMTP to a real SMTP server (testkit's Mailbox), and the browser follows their links.
describe('account email in the browser', () => {
  const suite = browserSuite();
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  // Links in mails point at the app's configured origin; the test's web app runs on another port.
  const onTestApp = (link: string) => {
    const url = new URL(link);
    return `${suite.stack.webUrl}${url.pathname}${url.search}`;
  };

  it('signs up, sees the banner, opens the mailed link and the address is confirmed', async () => {
    const page = await newPage();
    const email = `lin-${randomUUID().slice(0, 8)}@example.com`;
    await page.goto(`${suite.stack.webUrl}/signup`);
    await page.getByLabel('Name').fill('Lin Verify');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const banner = page.getByTestId('verify-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain(email);
    await screenshotVariants(page, 'account-verify-banner');

    const mail = await suite.mailbox.waitFor(email, /Confirm your email/);
    await page.goto(onTestApp(mail.links[0]!));
    await page.getByRole('heading', { name: 'Address confirmed' }).waitFor();
    await screenshotVariants(page, 'account-verify-done');
    // Back in the app, the banner is gone.
    await page.goto(`${suite.stack.webUrl}/w`);
    await page.getByTestId('workspace-picker').waitFor();
    expect(await page.getByTestId('verify-banner').count()).toBe(0);

    // The link works once.
    await page.goto(onTestApp(mail.links[0]!));
    await page.getByRole('heading', { name: 'This link doesn’t work' }).waitFor();
    await screenshotVariants(page, 'account-verify-spent');
  });

  it('resets a forgotten password from the log-in page through the mailed link', async () => {
    const email = `ray-${randomUUID().slice(0, 8)}@example.com`;
    const setup = await newPage();
    const res = await setup.request.post(`${suite.stack.webUrl}/api/auth/signup`, { data: { email, name: 'Ray Reset', password: 'the old password' } });
    expect(res.status()).toBe(201);

    const page = await newPage();
    await page.goto(`${suite.stack.webUrl}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByLabel('Email').fill(email);
    await screenshotVariants(page, 'account-forgot-form');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByTestId('reset-requested').waitFor();
    await screenshotVariants(page, 'account-forgot-sent');

    const mail = await suite.mailbox.waitFor(email, /Reset your Tandem password/);
    await page.goto(onTestApp(mail.links[0]!));
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('must be at least').waitFor();
    await screenshotVariants(page, 'account-reset-form-error');
    await page.getByLabel('New password').fill('a brand new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByTestId('reset-done').waitFor();
    await screenshotVariants(page, 'account-reset-done');

    // The other browser's session ended; the new password logs in.
    expect((await setup.request.get(`${suite.stack.webUrl}/api/auth/me`)).status()).toBe(401);
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a brand new password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('workspace-picker').waitFor();
  });
});
