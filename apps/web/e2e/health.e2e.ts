import { screenshot } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// The home page, served by the built web app, shows the real server's health through the /api proxy.
describe('home page', () => {
  const suite = browserSuite({ own: true, worker: false });

  it('shows the server as healthy', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.stack.webUrl);
    const health = page.getByTestId('server-health');
    await health.waitFor();
    expect(await health.getAttribute('data-status')).toBe('ok');
    expect(await page.getByText('Server healthy').isVisible()).toBe(true);
    await screenshot(page, 'home-healthy');
  });

  it('says the server is unreachable when it is down', async () => {
    await suite.stack.servers[0]!.stop();
    const page = await suite.browser.newPage();
    await page.goto(suite.stack.webUrl);
    const alert = page.getByTestId('server-unreachable');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/server unreachable/i);
    await screenshot(page, 'home-unreachable');
  });
});
