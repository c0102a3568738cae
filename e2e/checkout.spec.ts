// Journey: images wait in the temp area, "Pay & publish" opens the local test checkout, "Pay"
// sends a signed webhook, and the listing is published with its order and captions; anyone
// can then see it at /p/:id, and nothing else is public.
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect, expectAccessible, screenshot, test, signUpInBrowser } from './fixtures';

async function png(name: string, hue: number) {
  return { name, mimeType: 'image/png', buffer: await sharp(makePng(640, 420)).modulate({ hue }).png().toBuffer() };
}

const signUp = (page: Page) => signUpInBrowser(page, 'Paula Payer', 'payer');

async function uploadedGallery(page: Page) {
  await page.getByRole('link', { name: 'New listing' }).click();
  await expect(page).toHaveURL(/\/listings\/new\?session=/);
  await page.getByLabel('Title').fill('Lakeside cabin');
  await page.getByLabel('Upload images').setInputFiles([await png('dock.png', 0), await png('porch.png', 120)]);
  for (const name of ['dock.png', 'porch.png']) await expect(page.getByRole('button', { name: `View ${name}` })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Caption for porch.png').fill('Evening on the porch');
}

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test('pay through the test checkout and see the listing published and public', async ({ page, browser, consoleErrors }) => {
      test.setTimeout(120_000);
      await signUp(page);
      await uploadedGallery(page);
      await page.getByRole('button', { name: 'Pay & publish' }).click();

      await expect(page).toHaveURL(/\/checkout\/test\/[0-9a-f-]{36}$/);
      const listingId = page.url().split('/').pop()!;
      await expect(page.getByText('Lakeside cabin')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'checkout-test');

      // Not public while it waits for payment.
      expect((await page.request.get(`/api/public/listings/${listingId}`)).status()).toBe(404);

      await page.getByRole('button', { name: 'Pay', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/listings/${listingId}$`));
      await expect(page.getByText('Published').first()).toBeVisible();
      await expect(page.getByLabel('Caption for porch.png')).toHaveValue('Evening on the porch');
      await screenshot(page, 'listing-published');

      // An anonymous visitor sees it, in order, with captions and a full-size view.
      const visitor = await browser.newContext({ viewport: { width, height: 800 } });
      const anon = await visitor.newPage();
      await anon.goto(new URL(`/p/${listingId}`, page.url()).toString());
      await expect(anon.getByRole('heading', { name: 'Lakeside cabin' })).toBeVisible();
      const tiles = anon.getByRole('button', { name: /^View image/ });
      await expect(tiles).toHaveCount(2);
      await expect(tiles.nth(1)).toHaveAccessibleName('View image 2 of 2: Evening on the porch');
      await expect(anon.getByText('Evening on the porch')).toBeVisible();
      await expectAccessible(anon);
      await screenshot(anon, 'public-listing');
      await tiles.nth(0).click();
      await expect(anon.getByRole('dialog')).toBeVisible();
      await anon.keyboard.press('ArrowRight');
      await expect(anon.getByRole('dialog').getByText('2 of 2')).toBeVisible();
      await screenshot(anon, 'public-lightbox');
      await anon.keyboard.press('Escape');
      await expect(anon.getByRole('dialog')).toBeHidden();
      await visitor.close();
      expect(consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
    });
  });
}

test('cancelling the test checkout returns the listing to draft with its images, still private', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  await uploadedGallery(page);
  await page.getByRole('button', { name: 'Pay & publish' }).click();
  await expect(page).toHaveURL(/\/checkout\/test\//);
  const listingId = page.url().split('/').pop()!;
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(new RegExp(`/listings/${listingId}$`));
  await expect(page.getByText('Draft', { exact: true })).toBeVisible();
  for (const name of ['dock.png', 'porch.png']) await expect(page.getByRole('button', { name: `View ${name}` })).toBeVisible();
  await expect(page.getByLabel('Caption for porch.png')).toHaveValue('Evening on the porch');
  expect((await page.request.get(`/api/public/listings/${listingId}`)).status()).toBe(404);
  expect((await page.request.get(`/p/${listingId}`)).status()).toBe(404);
});
