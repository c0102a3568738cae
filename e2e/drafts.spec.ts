// Journeys of a draft listing: files chosen before the draft exists all upload; the draft is
// on My listings with when it would be abandoned and resumes in its editor; a cancelled
// checkout (on the test checkout or from the listing) comes back as the draft with every
// image and pays on a later try; rename; delete (confirmed; refused while a payment is pending).
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect, expectAccessible, screenshot, test, signUpInBrowser } from './fixtures';

async function png(name: string, hue: number) {
  return { name, mimeType: 'image/png', buffer: await sharp(makePng(640, 420)).modulate({ hue }).png().toBuffer() };
}

const tiles = (page: Page) => page.getByRole('list', { name: 'Images' }).getByRole('listitem');

async function expectUploaded(page: Page, names: string[]) {
  for (const name of names) await expect(page.getByRole('button', { name: `View ${name}` })).toBeVisible({ timeout: 30_000 });
  await expect(tiles(page)).toHaveCount(names.length);
  // Each thumbnail really loaded (a decoded picture), not only an element in the DOM.
  const widths = () =>
    tiles(page)
      .locator('img')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
  await expect.poll(async () => (await widths()).filter((w) => w > 0).length, { timeout: 15_000 }).toBe(names.length);
}

/** Full-page shots from the top, so the sticky top bar is where people see it. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const card = (page: Page, title: string) => page.getByRole('list', { name: 'Listings' }).getByRole('listitem').filter({ hasText: title });

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test('a cancelled checkout comes back as the draft with every image and pays later', async ({ page, consoleErrors }) => {
      test.setTimeout(180_000);
      await signUpInBrowser(page, 'Dana Draft', 'draft');
      await page.getByRole('link', { name: 'New listing' }).click();
      await expect(page).toHaveURL(/\/listings\/new\?session=sess_/);
      await page.getByLabel('Title').fill('Lakeside cabin');
      await page.getByLabel('Upload images').setInputFiles([await png('dock.png', 0), await png('porch.png', 120)]);
      await expectUploaded(page, ['dock.png', 'porch.png']);
      await expect(page.getByText('Saved', { exact: true })).toBeVisible();

      // The draft is on My listings, with its cover, count and when it would be abandoned.
      await page.getByRole('link', { name: 'My listings' }).first().click();
      const draftCard = card(page, 'Lakeside cabin');
      await expect(draftCard).toContainText('Draft');
      await expect(draftCard).toContainText('2 images');
      await expect(draftCard).toContainText(/Abandoned on .+ if untouched/);
      await expect(draftCard.locator('img')).toHaveAttribute('data-loaded', 'true');
      await expectAccessible(page);
      await shot(page, 'drafts-home');
      await draftCard.getByRole('link', { name: 'Lakeside cabin' }).click();
      await expect(page).toHaveURL(/\/listings\/[0-9a-f-]{36}$/);
      const listingUrl = page.url();
      await expect(page.getByLabel('Title')).toHaveValue('Lakeside cabin');
      await expectUploaded(page, ['dock.png', 'porch.png']);

      // Pay & publish, then Cancel on the test checkout: back to the draft, both images there.
      await page.getByRole('button', { name: 'Pay & publish' }).click();
      await expect(page).toHaveURL(/\/checkout\/test\/[0-9a-f-]{36}$/);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(page).toHaveURL(listingUrl);
      await expect(page.getByText('Draft', { exact: true })).toBeVisible();
      await expectUploaded(page, ['dock.png', 'porch.png']);
      await expect(page.getByText('2 of 10')).toBeVisible();
      await shot(page, 'draft-after-cancel');

      // Pay & publish again; the listing awaits payment: it cannot be deleted, and its checkout
      // can be cancelled from the listing itself.
      await page.getByRole('button', { name: 'Pay & publish' }).click();
      await expect(page).toHaveURL(/\/checkout\/test\//);
      await page.goto('/');
      await expect(card(page, 'Lakeside cabin')).toContainText('Awaiting payment');
      await card(page, 'Lakeside cabin').getByRole('link', { name: 'Lakeside cabin' }).click();
      await expect(page.getByRole('link', { name: 'Continue to payment' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Delete listing' })).toBeDisabled();
      await expect(page.getByText('A listing awaiting payment cannot be deleted')).toBeVisible();
      await expectAccessible(page);
      await shot(page, 'awaiting-payment');
      await page.getByRole('button', { name: 'Cancel checkout' }).click();
      await expect(page.getByText('Draft', { exact: true })).toBeVisible();
      await expectUploaded(page, ['dock.png', 'porch.png']);

      // Third time: continue to the open checkout from the listing, and pay.
      await page.getByRole('button', { name: 'Pay & publish' }).click();
      await expect(page).toHaveURL(/\/checkout\/test\//);
      await page.goto(listingUrl);
      await page.getByRole('link', { name: 'Continue to payment' }).click();
      await expect(page).toHaveURL(/\/checkout\/test\//);
      await page.getByRole('button', { name: 'Pay', exact: true }).click();
      await expect(page).toHaveURL(listingUrl);
      await expect(page.getByText('Published', { exact: true })).toBeVisible();
      await expectUploaded(page, ['dock.png', 'porch.png']);

      // Rename the published listing; the new title is kept.
      await page.getByLabel('Title').fill('Lakeside cabin, sold');
      await expect(page.getByText('Saved', { exact: true })).toBeVisible();
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Lakeside cabin, sold' })).toBeVisible();
      await shot(page, 'published-renamed');
      expect(consoleErrors).toEqual([]);
    });

    test('files chosen before the draft exists all upload; the draft can be deleted', async ({ page, consoleErrors }) => {
      test.setTimeout(120_000);
      await signUpInBrowser(page, 'Quinn Quick', 'quick');
      // The draft takes a moment to make: files are chosen while it is on its way.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/listings', async (route) => {
        if (route.request().method() === 'POST') await held;
        await route.continue();
      });
      const creating = page.waitForRequest((r) => r.url().endsWith('/api/listings') && r.method() === 'POST');
      await page.goto('/listings/new');
      await creating;
      await page.getByLabel('Upload images').setInputFiles([await png('one.png', 10), await png('two.png', 140), await png('three.png', 260)]);
      await expect(page.getByText('3 images will upload as soon as the listing is ready.')).toBeVisible();
      await expect(page.getByText(/3 images wait to upload/)).toBeVisible();
      await shot(page, 'files-waiting-for-draft');
      release();
      await expectUploaded(page, ['one.png', 'two.png', 'three.png']);
      await expect(page).toHaveURL(/\/listings\/new\?session=sess_\d{13}_[0-9a-f]+$/);
      await page.reload();
      await expectUploaded(page, ['one.png', 'two.png', 'three.png']);

      await page.getByRole('link', { name: 'My listings' }).first().click();
      const untitled = card(page, 'Untitled listing');
      await expect(untitled).toContainText('3 images');
      await untitled.getByRole('link', { name: 'Untitled listing' }).click();
      await expectUploaded(page, ['one.png', 'two.png', 'three.png']);
      await page.getByRole('button', { name: 'Delete listing' }).click();
      await expect(page.getByText('Delete “this untitled listing” and its 3 images? This cannot be undone.')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Delete for good' })).toBeFocused();
      await expectAccessible(page);
      await shot(page, 'delete-confirm');
      await page.getByRole('button', { name: 'Keep it' }).click();
      await page.getByRole('button', { name: 'Delete listing' }).click();
      await page.getByRole('button', { name: 'Delete for good' }).click();
      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'No listings yet' })).toBeVisible();
      expect(consoleErrors).toEqual([]);
    });
  });
}
