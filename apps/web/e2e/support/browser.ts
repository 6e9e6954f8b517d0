import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions, repoRoot } from '@tandem/testkit';

export const screenshotsDir = join(repoRoot, 'test-results');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

// Screenshots land in test-results/ so a person can look at what users see.
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// The same screen in light and dark, at desktop and phone width (names end in -light-desktop,
// -dark-phone, ...); the page is left in light/desktop.
export async function screenshotVariants(page: Page, name: string): Promise<void> {
  const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [label, size] of Object.entries(viewports)) {
      await page.setViewportSize(size);
      await settled(page);
      await screenshot(page, `${name}-${scheme}-${label}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(viewports.desktop);
}

// After a resize or a theme switch, CSS transitions (the sidebar sliding away at phone width) run
// for a moment: wait for the finite ones to end, so a screenshot shows the layout, not a frame of
// the slide. Spinners and other endless animations are left alone; 2 s at most.
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 2000))]);
  });
}
