import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { testServices, waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { editorText, openPage, openPageMenu } from './support/editor.js';
import { screenshot, screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Import and export in the browser (issue 16): the sidebar's Import (file picker) and a file
// dropped on the page tree run as worker jobs and end with a summary and a link to the pages; the
// page menu's Export makes a Markdown zip in the worker and offers its download; PDF is the
// browser's print of the page with the print stylesheet. Against the real server, worker,
// Postgres, Redis.
describe('import and export in the browser', () => {
  const suite = browserSuite();
  let ada: Person;
  let workspaceId: string;
  let db: pg.Client;

  beforeAll(async () => {
    ada = await suite.signUp('Ada', { acceptDownloads: true });
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Transfers ${randomUUID().slice(0, 6)}` })).id;
    db = new pg.Client({ connectionString: testServices().DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
  });

  const treeRow = (title: string) => ada.page.getByRole('treeitem', { name: title });
  const badge = async () => {
    const el = ada.page.getByTestId('inbox-badge');
    return (await el.count()) ? Number(await el.innerText()) : 0;
  };

  it('imports a Markdown file from the sidebar and another dropped on the tree, with a summary', async () => {
    await ada.page.goto(`/w/${workspaceId}`);
    await ada.page.getByTestId('sidebar-import').waitFor();
    await ada.page.getByTestId('import-input').setInputFiles({ name: 'Meeting notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Meeting notes\n\nDecisions:\n\n- Ship on Friday\n- Write the docs\n') });
    const done = ada.page.getByTestId('transfer-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toContain('1 page created, 0 files uploaded.');
    await treeRow('Meeting notes').waitFor();
    await screenshotVariants(ada.page, 'transfers-import-done');

    await done.getByRole('link', { name: 'Open' }).click();
    await ada.page.getByTestId('page-editor').locator('li', { hasText: 'Ship on Friday' }).waitFor();

    // A file dropped from the desktop on the tree.
    await ada.page.getByTestId('tree-drop').evaluate((el) => {
      const data = new DataTransfer();
      data.items.add(new File(['# Dropped page\n\nIt came from a drop.\n'], 'dropped.md', { type: 'text/markdown' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await waitUntil('the dropped file is imported', async () => (await ada.page.getByTestId('transfer-done').count()) === 2, 60_000);
    await treeRow('Dropped page').waitFor();
  });

  it('refuses a file it cannot import, saying why', async () => {
    await ada.page.getByTestId('import-input').setInputFiles({ name: 'photo.exe', mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00]) });
    const error = ada.page.getByTestId('transfer-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(/Markdown/);
    await screenshot(ada.page, 'transfers-import-refused-light-desktop');
  });

  it('exports a page with its sub-pages as a Markdown zip from the page menu, and prints a page to PDF', async () => {
    const parent = await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Handbook', content: { kind: 'markdown', content: 'Welcome aboard.\n' } });
    await personApi(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Holidays', parentId: parent.id, content: { kind: 'markdown', content: 'Ask two weeks ahead.\n' } });
    await openPage(ada, workspaceId, parent.id, 'Welcome aboard.');
    await openPageMenu(ada);
    // Export… lines up with the page's other items (it sits outside their component).
    const [exportItem, duplicateItem] = await Promise.all([ada.page.getByTestId('export-page').boundingBox(), ada.page.getByTestId('duplicate-page').boundingBox()]);
    expect(exportItem!.x).toBe(duplicateItem!.x);
    expect(exportItem!.width).toBe(duplicateItem!.width);
    await screenshotVariants(ada.page, 'transfers-page-menu');
    await ada.page.getByTestId('export-page').click();
    const dialog = ada.page.getByTestId('export-dialog');
    await dialog.getByLabel('This page and its sub-pages').check();
    await screenshotVariants(ada.page, 'transfers-export-dialog');
    await dialog.getByTestId('export-start').click();
    const link = ada.page.getByTestId('transfer-download');
    await link.waitFor({ timeout: 60_000 });
    expect(await link.textContent()).toBe('Download Handbook.zip');
    await screenshotVariants(ada.page, 'transfers-export-ready');
    const download = ada.page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Handbook.zip');
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(bytes.includes(Buffer.from('Handbook/Holidays.md'))).toBe(true);

    // PDF: the browser's print, the page alone (the print stylesheet hides the app around it).
    await ada.page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await openPageMenu(ada);
    await ada.page.getByTestId('export-page').click();
    await dialog.getByLabel(/^PDF/).check();
    expect(await dialog.getByLabel('This page and its sub-pages').isDisabled()).toBe(true);
    await dialog.getByTestId('export-start').click();
    await waitUntil('the page is printed', () => ada.page.evaluate(() => (window as unknown as { printed: number }).printed === 1));
    await ada.page.emulateMedia({ media: 'print' });
    expect(await ada.page.getByRole('navigation', { name: 'Workspace' }).isVisible()).toBe(false);
    expect(await ada.page.getByTestId('transfers-panel').isVisible()).toBe(false);
    expect(await editorText(ada)).toContain('Welcome aboard.');
    await screenshot(ada.page, 'transfers-print-light-desktop');
    await ada.page.emulateMedia({ media: 'screen' });
  });

  it("tells of the ready export in the inbox (live, and by mail) with a download that works, then shows it expired", async () => {
    // Pushed live: the sidebar's badge counts the notice without a reload.
    await waitUntil('the inbox badge counts the export', async () => (await badge()) === 1, 30_000);
    const mail = await suite.mailbox.waitFor(ada.email, /export "Handbook\.zip" is ready/);
    // A link to the inbox in the app, never the file.
    expect(mail.links.map((l) => new URL(l).pathname)).toContain(`/w/${workspaceId}/inbox`);
    expect(mail.links.some((l) => l.includes('/transfers/'))).toBe(false);
    await ada.page.goto(`/w/${workspaceId}/inbox`);
    const item = ada.page.locator('[data-testid="inbox-item"][data-kind="export_ready"]');
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await item.textContent()).toContain('Your export Handbook.zip is ready');
    await screenshotVariants(ada.page, 'transfers-export-inbox');

    const download = ada.page.waitForEvent('download');
    await item.getByTestId('inbox-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Handbook.zip');
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    // Downloading it read it.
    await waitUntil('the notice is read', async () => (await item.getAttribute('data-unread')) === 'false');
    await waitUntil('the badge is gone', async () => (await badge()) === 0);

    // Past its retention: the inbox says expired (no link), and the download answers 410.
    const href = (await item.getByTestId('inbox-download').getAttribute('href'))!;
    const transferId = href.split('/').at(-2)!;
    await db.query(`UPDATE "Transfer" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [transferId]);
    await ada.page.reload();
    await item.getByTestId('inbox-expired').waitFor();
    expect(await item.getByTestId('inbox-download').count()).toBe(0);
    expect(await item.textContent()).toContain('Your export Handbook.zip has expired');
    expect(await ada.page.evaluate(async (url) => (await fetch(url)).status, href)).toBe(410);
    await screenshotVariants(ada.page, 'transfers-export-expired');
  });
});
