import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { type Person, personApi } from './support/people.js';
import { editorOf, openPage } from './support/editor.js';
import { screenshotVariants } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Columns (issue 18): a row inserted from the slash menu, two people typing in different columns at
// once, a border dragged to resize, and all of it still there after a reload.

describe('columns', () => {
  const suite = browserSuite();
  let ada: Person;
  let bob: Person;
  let workspaceId: string;
  let pageId: string;

  beforeAll(async () => {
    const signUp = (name: string) => suite.signUp(name);
    [ada, bob] = await Promise.all([signUp('Ada'), signUp('Bob')]);
    workspaceId = (await personApi<{ id: string }>(ada, 'POST', '/workspaces', { name: `Columns ${randomUUID().slice(0, 6)}` })).id;
    pageId = (await personApi<{ id: string }>(ada, 'POST', `/workspaces/${workspaceId}/pages`, { title: 'Pros and cons' })).id;
    await personApi(ada, 'PUT', `/pages/${pageId}/shares`, { email: bob.email, role: 'editor' });
    await Promise.all([openPage(ada, workspaceId, pageId), openPage(bob, workspaceId, pageId)]);
  });

  it('two people write in different columns at once; a resized border and the text survive a reload', async () => {
    await editorOf(ada).click();
    await ada.page.keyboard.type('/columns', { delay: 25 });
    await ada.page.getByTestId('slash-item-columns2').click();
    const column = (who: Person, index: number) => editorOf(who).locator('div[data-type="column"]').nth(index);
    await column(bob, 1).waitFor();

    await column(ada, 0).locator('p').first().click();
    await column(bob, 1).locator('p').first().click();
    await Promise.all([ada.page.keyboard.type('Pros: fast, offline', { delay: 20 }), bob.page.keyboard.type('Cons: new to learn', { delay: 20 })]);
    for (const who of [ada, bob]) {
      await column(who, 0).filter({ hasText: 'Pros: fast, offline' }).waitFor();
      await column(who, 1).filter({ hasText: 'Cons: new to learn' }).waitFor();
    }

    // Drag the border between the columns to the right: Ada's first column widens, for Bob too.
    const handle = editorOf(ada).locator('[data-column-handle="0"]');
    const box = (await handle.boundingBox())!;
    await ada.page.mouse.move(box.x + box.width / 2, box.y + 10);
    await ada.page.mouse.down();
    await ada.page.mouse.move(box.x + box.width / 2 + 120, box.y + 10, { steps: 8 });
    await ada.page.mouse.up();
    await waitUntil("Bob's first column to be wider", async () => Number(await column(bob, 0).getAttribute('data-width')) > 1.2, 15_000);
    expect(Number(await column(bob, 0).getAttribute('data-width')) + Number(await column(bob, 1).getAttribute('data-width'))).toBeCloseTo(2, 2);

    await bob.page.reload();
    await column(bob, 1).filter({ hasText: 'Cons: new to learn' }).waitFor();
    expect(Number(await column(bob, 0).getAttribute('data-width'))).toBeGreaterThan(1.2);
    const [left, right] = await Promise.all([column(bob, 0).boundingBox(), column(bob, 1).boundingBox()]);
    expect(left!.width).toBeGreaterThan(right!.width);
    await screenshotVariants(bob.page, 'columns');
  });
});
