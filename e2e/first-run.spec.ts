// Journey: the first run as a newcomer meets it. A cold server whose first request is a page,
// opened at 127.0.0.1 (APP_URL unset, as a fresh `npm start` runs), sign up, a new listing
// with three photos chosen the moment the page appears, every thumbnail really loaded; pay;
// then a restart and the public page as the very first request, every image loaded. The same
// on PostgreSQL + S3, where the browser PUTs straight to the bucket across origins.
import sharp from 'sharp';
import type { Locator } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { startApp, type AppOptions, type RunningApp } from '../test/infra/app';
import { consoleErrorsOf, expect, expectPageFirst, screenshot, sharedServers, signUpInBrowser, test } from './fixtures';
import { expectDecoded } from './gallery-helpers';

async function photos() {
  const jpeg = await sharp(makePng(900, 600)).modulate({ hue: 200 }).jpeg({ quality: 85 }).toBuffer();
  return [
    { name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: jpeg },
    { name: 'dunes.png', mimeType: 'image/png', buffer: await sharp(makePng(640, 480)).modulate({ hue: 40 }).png().toBuffer() },
    { name: 'pines.png', mimeType: 'image/png', buffer: await sharp(makePng(480, 640)).modulate({ hue: 120 }).png().toBuffer() },
  ];
}

/** Each image has decoded pixels once scrolled into view: what a person sees, not that a tag exists. */
async function expectAllImagesLoaded(images: Locator, count: number) {
  await expect(images).toHaveCount(count, { timeout: 30_000 });
  for (let i = 0; i < count; i++) {
    const image = images.nth(i);
    await image.scrollIntoViewIfNeeded();
    await expectDecoded(image, 30_000);
  }
}

const STACKS: { name: string; options: () => AppOptions }[] = [
  {
    name: 'PGlite + local disk, APP_URL unset',
    options: () => ({ database: 'pglite', storage: 'local', appUrl: null, ready: 'listening', recordFirstRequest: true }),
  },
  {
    name: 'PostgreSQL + S3',
    options: () => ({
      database: 'postgres',
      storage: 's3',
      ...sharedServers(),
      ready: 'listening',
      recordFirstRequest: true,
      appUrl: (port) => `http://127.0.0.1:${port}`,
      env: { ALLOW_TEST_CHECKOUT: 'true' },
    }),
  },
];

for (const stack of STACKS) {
  for (const width of [1280, 375]) {
    test.describe(`${stack.name} at ${width} px`, () => {
      test.use({ viewport: { width, height: 800 } });
      let app: RunningApp;
      test.afterEach(async () => app?.stop());

      test('first run: sign up, three photos at once, pay, restart, public page first', async ({ browser }) => {
        test.setTimeout(180_000);
        app = await startApp(stack.options());
        const base = `http://127.0.0.1:${app.port}`;
        const context = await browser.newContext({ baseURL: base, viewport: { width, height: 800 } });
        const page = await context.newPage();
        const errors = consoleErrorsOf(page);

        await page.goto('/'); // the very first request this server sees
        expectPageFirst(app);
        await expect(page).toHaveURL(/\/sign-in/);
        await page.getByRole('link', { name: 'Create an account' }).click();
        await expect(page).toHaveURL(/\/sign-up/);
        await signUpInBrowser(page, 'Nora Newcomer', 'newcomer', { navigate: false });
        await screenshot(page, `first-run-listings-${stack.options().storage}`);

        await page.getByRole('link', { name: 'New listing' }).first().click();
        // Chosen the moment the drop zone is there, before anything else has settled.
        await page.getByLabel('Upload images').setInputFiles(await photos());
        await page.getByLabel('Title').fill('First light');
        for (const name of ['harbour.jpg', 'dunes.png', 'pines.png']) {
          await expect(page.getByRole('button', { name: `View ${name}` })).toBeVisible({ timeout: 60_000 });
        }
        await expectAllImagesLoaded(page.getByRole('list', { name: 'Images' }).getByRole('listitem').locator('img'), 3);
        await screenshot(page, `first-run-gallery-${stack.options().storage}`);

        await page.getByRole('button', { name: 'Pay & publish' }).click();
        await expect(page).toHaveURL(/\/checkout\/test\/[0-9a-f-]{36}$/);
        const listingId = page.url().split('/').pop()!;
        await page.getByRole('button', { name: 'Pay', exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/listings/${listingId}`));
        await expect(page.getByText('Published').first()).toBeVisible({ timeout: 30_000 });
        await context.close();
        expect(errors).toEqual([]);

        // A restart, then a visitor whose request is the first this new process serves.
        await app.restart();
        const visitor = await browser.newContext({ viewport: { width, height: 800 } });
        const anon = await visitor.newPage();
        const anonErrors = consoleErrorsOf(anon);
        await anon.goto(`${base}/p/${listingId}`);
        expectPageFirst(app);
        await expect(anon.getByRole('heading', { name: 'First light' })).toBeVisible();
        await expectAllImagesLoaded(anon.getByRole('button', { name: /^View image/ }).locator('img'), 3);
        await screenshot(anon, `first-run-public-${stack.options().storage}`);
        await visitor.close();
        expect(anonErrors).toEqual([]);
      });
    });
  }
}
