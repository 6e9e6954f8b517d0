import type { Browser } from 'playwright-core';
import { TandemStack } from '@tandem/testkit';
import { launchBrowser, screenshot } from './support/browser.js';

// The home page, served by the built web app, shows the real server's health through the /api proxy.
describe('home page', () => {
  let stack: TandemStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await new TandemStack({ web: true, worker: false }).start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the server as healthy', async () => {
    const page = await browser.newPage();
    await page.goto(stack.webUrl);
    const health = page.getByTestId('server-health');
    await health.waitFor();
    expect(await health.getAttribute('data-status')).toBe('ok');
    expect(await page.getByText('Server healthy').isVisible()).toBe(true);
    await screenshot(page, 'home-healthy');
  });

  it('says the server is unreachable when it is down', async () => {
    await stack.servers[0]!.stop();
    const page = await browser.newPage();
    await page.goto(stack.webUrl);
    const alert = page.getByTestId('server-unreachable');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/server unreachable/i);
    await screenshot(page, 'home-unreachable');
  });
});
