// Journey: the listing editor on a phone. With six images "Pay & publish" is in a bar fixed to
// the bottom of the screen, saying what is ready; it covers neither the last tile nor the undo
// toast nor a focused field, comes after the tiles in the tab order, and pays through the test
// checkout; a listing awaiting payment has "Continue to payment" / "Cancel checkout" there.
// At 1280 px the panel stays beside the grid. Both schemes, axe, screenshots.
import path from 'node:path';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect, expectAccessible, screenshot, test, signUpInBrowser } from './fixtures';

async function png(name: string, hue: number, width = 640, height = 480) {
  return { name, mimeType: 'image/png', buffer: await sharp(makePng(width, height)).modulate({ hue }).png().toBuffer() };
}

const SIX = [
  ['front', 640, 480],
  ['hall', 480, 640],
  ['garden', 800, 450],
  ['kitchen', 640, 480],
  ['stairs', 480, 720],
  ['view', 900, 400],
] as const;

const tiles = (page: Page) => page.getByRole('list', { name: 'Images' }).getByRole('listitem');
const publish = (page: Page) => page.getByRole('button', { name: 'Pay & publish' });
const bar = (page: Page) => page.getByRole('complementary', { name: /^(Publish|Awaiting payment)$/ });

/** A new listing with a title and six uploaded, decoded images; on /listings/new. */
async function sixImageDraft(page: Page, title: string, beforeTitle?: () => Promise<void>) {
  await page.getByRole('link', { name: 'New listing' }).click();
  await expect(page).toHaveURL(/\/listings\/new\?session=sess_/);
  await beforeTitle?.();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Upload images').setInputFiles(await Promise.all(SIX.map(([name, w, h], i) => png(`${name}.png`, i * 60, w, h))));
  for (const [name] of SIX) await expect(page.getByRole('button', { name: `View ${name}.png` })).toBeVisible({ timeout: 30_000 });
  await expect(tiles(page)).toHaveCount(6);
  await expect
    .poll(
      () =>
        tiles(page)
          .locator('img')
          .evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length),
      { timeout: 15_000 },
    )
    .toBe(6);
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, 'the element has a box').not.toBeNull();
  return found!;
}

const positionOf = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).position);
const scrollToEnd = (page: Page) => page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));

/** What the screen shows (the fixed bar where a person sees it), beside the fixture's full-page shot. */
async function viewportShot(page: Page, name: string) {
  await page.screenshot({ path: path.resolve(import.meta.dirname, '..', 'screenshots', `${name}-${page.viewportSize()!.width}.png`) });
}

/** The bar is fixed, in the viewport at the top of the page, spans the width, and its controls are finger-sized. */
async function expectBarOnScreen(page: Page, controls: Locator[]) {
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await positionOf(bar(page))).toBe('fixed');
  const b = await box(bar(page));
  const viewport = page.viewportSize()!;
  expect(b.y + b.height).toBeCloseTo(viewport.height, 0);
  expect(b.width).toBeCloseTo(viewport.width, 0);
  for (const control of controls) {
    await expect(control).toBeInViewport({ ratio: 1 });
    const c = await box(control);
    expect(c.width).toBeGreaterThanOrEqual(44);
    expect(c.height).toBeGreaterThanOrEqual(44);
  }
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} at 375 px`, () => {
    test.use({ viewport: { width: 375, height: 740 }, colorScheme: scheme });

    test('the publish bar is on screen, covers nothing, and comes after the tiles', async ({ page, consoleErrors }) => {
      test.setTimeout(120_000);
      await signUpInBrowser(page, 'Pia Phone', `phone-${scheme}`);
      await sixImageDraft(page, 'Harbour flat', async () => {
        // Before anything is there the bar says why publishing cannot start yet.
        await expect(bar(page).getByText('No images yet')).toBeVisible();
        await expect(bar(page).getByText('Add a title to publish.')).toBeVisible();
        await expect(publish(page)).toBeDisabled();
        await expectBarOnScreen(page, [publish(page)]);
        await viewportShot(page, `phone-bar-empty-${scheme}`);
      });
      await expect(bar(page).getByText('All 6 images ready')).toBeVisible();
      await expectBarOnScreen(page, [publish(page)]);
      await expect(publish(page)).toBeEnabled();
      await expectAccessible(page);
      // Viewport shots: a full-page shot paints a fixed bar where the first screen ended.
      await viewportShot(page, `phone-bar-top-${scheme}`);

      // At the end of the page the last tile sits above the bar, not under it.
      await scrollToEnd(page);
      const last = tiles(page).last();
      await expect(last.getByLabel('Caption for view.png')).toBeInViewport({ ratio: 1 });
      expect((await box(last)).y + (await box(last)).height).toBeLessThanOrEqual((await box(bar(page))).y);
      await viewportShot(page, `phone-bar-end-${scheme}`);

      // A focused field is scrolled clear of the bar, and Tab goes from the last tile to the bar.
      await page.evaluate(() => window.scrollTo(0, 0));
      const lastCaption = page.getByLabel('Caption for view.png');
      await lastCaption.focus();
      expect((await box(lastCaption)).y + (await box(lastCaption)).height).toBeLessThanOrEqual((await box(bar(page))).y);
      await page.keyboard.press('Tab');
      await expect(publish(page)).toBeFocused();
      await page.keyboard.press('Shift+Tab');
      await expect(lastCaption).toBeFocused();

      // The undo toast stands above the bar, whole, and takes its click.
      await page.getByRole('button', { name: 'Delete stairs.png' }).click();
      const undo = page.getByRole('button', { name: 'Undo' });
      await expect(undo).toBeVisible();
      await expect(bar(page).getByText('All 5 images ready')).toBeVisible();
      const toast = page.getByText('stairs.png deleted', { exact: true }).locator('..');
      expect((await box(toast)).y + (await box(toast)).height).toBeLessThanOrEqual((await box(bar(page))).y);
      await expect(toast).toBeInViewport({ ratio: 1 });
      // Meanwhile the page has room for both: at its end the last tile is clear of the toast.
      await scrollToEnd(page);
      expect((await box(last)).y + (await box(last)).height).toBeLessThanOrEqual((await box(toast)).y);
      await undo.hover(); // holds the undo window while axe and the shot take their time
      await expectAccessible(page);
      await viewportShot(page, `phone-bar-undo-${scheme}`);
      await undo.click();
      await expect(tiles(page)).toHaveCount(6);
      await expect(bar(page).getByText('All 6 images ready')).toBeVisible();
      expect(consoleErrors).toEqual([]);
    });

    test('the bar pays through the test checkout, and offers "Continue to payment" / "Cancel checkout" meanwhile', async ({ page, consoleErrors }) => {
      test.setTimeout(120_000);
      await signUpInBrowser(page, 'Pat Payer', `phone-pay-${scheme}`);
      await sixImageDraft(page, 'Harbour flat');
      await publish(page).click();
      await expect(page).toHaveURL(/\/checkout\/test\/[0-9a-f-]{36}$/);
      const listingUrl = new URL(`/listings/${page.url().split('/').pop()}`, page.url()).toString();

      // Awaiting payment: its own bar, with both ways on.
      await page.goto(listingUrl);
      await expect(bar(page)).toHaveAccessibleName('Awaiting payment');
      const carryOn = page.getByRole('link', { name: 'Continue to payment' });
      const cancel = page.getByRole('button', { name: 'Cancel checkout' });
      await expect(tiles(page)).toHaveCount(6);
      await expectBarOnScreen(page, [carryOn, cancel]);
      await expectAccessible(page);
      await viewportShot(page, `phone-bar-awaiting-${scheme}`);
      // The delete panel (last on this page) scrolls clear of the bar.
      await scrollToEnd(page);
      const deletePanel = page.getByRole('region', { name: 'Delete listing' });
      expect((await box(deletePanel)).y + (await box(deletePanel)).height).toBeLessThanOrEqual((await box(bar(page))).y);

      await cancel.click();
      await expect(page.getByText('Draft', { exact: true })).toBeVisible();
      await expect(bar(page).getByText('All 6 images ready')).toBeVisible();
      await expectBarOnScreen(page, [publish(page)]);
      await publish(page).click();
      await expect(page).toHaveURL(/\/checkout\/test\//);
      await page.getByRole('button', { name: 'Pay', exact: true }).click();
      await expect(page).toHaveURL(listingUrl);
      await expect(page.getByText('Published', { exact: true })).toBeVisible();
      // Published: nothing left to publish, so no bar and no padding for one.
      await expect(bar(page)).toHaveCount(0);
      await expect(publish(page)).toHaveCount(0);
      expect(consoleErrors).toEqual([]);
    });
  });

  test.describe(`${scheme} at 1280 px`, () => {
    test.use({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });

    test('no fixed bar: the publish panel stays beside the grid', async ({ page, consoleErrors }) => {
      test.setTimeout(120_000);
      await signUpInBrowser(page, 'Dee Desk', `desk-${scheme}`);
      await sixImageDraft(page, 'Harbour flat');
      const panel = bar(page);
      expect(await positionOf(panel)).toBe('sticky');
      await expect(panel.getByRole('heading', { name: 'Publish' })).toBeVisible();
      await expect(panel.getByText('6 images ready.')).toBeVisible();
      await expect(panel.getByText('All 6 images ready')).toBeHidden();
      const grid = await box(page.getByRole('list', { name: 'Images' }));
      expect((await box(panel)).x).toBeGreaterThanOrEqual(grid.x + grid.width);
      // No room kept for a bar that is not there.
      expect(await page.locator('main').evaluate((el) => getComputedStyle(el).paddingBottom)).toBe('48px');
      await page.getByRole('button', { name: 'Delete stairs.png' }).click();
      const toast = page.getByText('stairs.png deleted', { exact: true }).locator('..');
      expect(800 - ((await box(toast)).y + (await box(toast)).height)).toBeCloseTo(16, 0);
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect(tiles(page)).toHaveCount(6);
      await expectAccessible(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `phone-bar-desktop-${scheme}`);
      expect(consoleErrors).toEqual([]);
    });
  });
}
