import { randomUUID } from 'node:crypto';
import { screenshot } from './support/browser.js';
import { personApi } from './support/people.js';
import { browserSuite } from './support/suite.js';

// The home page, served by the built web app, shows the real server's health through the /api proxy;
// with the API server down, the home page and a workspace say it is unreachable, and the workspace
// comes back by itself when the server does. A stack of its own: it stops the server.
describe('server health in the browser', () => {
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

  it('says the server is unreachable instead of showing a broken app, and recovers by itself', async () => {
    const ada = await suite.signUp('Ada');
    const workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Analytical Engine ${randomUUID().slice(0, 6)}` })).id;
    await personApi(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Letters' });
    const page = ada.page;
    const letters = page.getByTestId('tree-row').filter({ has: page.locator('text="Letters"') });
    await page.goto(`/w/${workspaceId}`);
    await letters.waitFor();
    await suite.stack.servers[0]!.stop();
    await page.reload();
    await page.getByTestId('state-unreachable').waitFor();
    await screenshot(page, 'shell-server-unreachable');

    // It keeps trying: once the server is back the workspace returns without a reload.
    await suite.stack.restartServer(0);
    await letters.waitFor();
  });

  // Last: it leaves the server stopped.
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
