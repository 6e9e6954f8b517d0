import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// The web app's headers from the security review (issue 12): a nonce-based CSP under which the
// whole app still works (sign-in, the tree, the collaborative editor over its socket) while an
// injected inline handler does not run; no framing; nosniff; a referrer policy; HSTS over https.

const PASSWORD = 'correct horse battery staple';

interface Violation {
  directive: string;
  blocked: string;
}

describe('security headers', () => {
  const suite = browserSuite();
  let context: BrowserContext;

  // Every CSP violation the page reports, collected from the page itself.
  async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
    await page.addInitScript(() => {
      const seen: Array<{ directive: string; blocked: string }> = [];
      (window as unknown as { __violations: typeof seen }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}` } as never));
    });
    return () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations ?? []);
  }

  beforeAll(async () => {
    context = await suite.browser.newContext({ baseURL: suite.stack.webUrl, viewport: { width: 1280, height: 800 } });
  });

  it('sends a per-request nonce CSP, no framing, nosniff and a referrer policy; HSTS only over https', async () => {
    const [a, b] = [await fetch(`${suite.stack.webUrl}/login`), await fetch(`${suite.stack.webUrl}/login`)];
    const csp = a.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get('content-security-policy')).not.toContain(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-eval'/);
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(a.headers.get('strict-transport-security')).toBeNull();
    // Next stamped its own scripts with this response's nonce.
    const html = await a.text();
    expect(html).toContain(`nonce="${nonce}"`);
    const https = await fetch(`${suite.stack.webUrl}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    // The API proxy's JSON is never sniffed as something else.
    const api = await fetch(`${suite.stack.webUrl}/api/health`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('runs the whole app under the policy: sign up, a workspace, a page typed into over the socket, no violation', async () => {
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Csp Tester');
    await page.getByLabel('Email').fill(`csp-${randomUUID()}@example.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign up|create account/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signup'));
    const workspace = await context.request.post('/api/workspaces', { data: { name: `CSP ${randomUUID().slice(0, 6)}` } });
    const workspaceId = ((await workspace.json()) as { id: string }).id;
    const created = await context.request.post(`/api/workspaces/${workspaceId}/pages`, { data: { title: 'Policy notes' } });
    const pageId = ((await created.json()) as { id: string }).id;
    await page.goto(`/w/${workspaceId}/p/${pageId}`);
    const editor = page.getByTestId('page-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.type('typed under a strict policy');
    await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.getAttribute('data-state') === 'saved', null, { timeout: 30_000 });
    expect(await violations()).toEqual([]);
    await screenshot(page, 'csp-editor-works');

    // An injected inline handler (the classic XSS) is refused and reported.
    await page.evaluate(() => {
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onerror="window.__pwned = true">';
      document.body.append(holder);
    });
    await page.waitForFunction(() => (window as unknown as { __violations: Violation[] }).__violations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect((await violations()).map((v) => v.directive)).toContain('script-src-attr');
  });
});
