// Journey: a published listing of phone photos on a phone (375 px, device scale 2) loads
// small AVIF variants from their srcset, never the originals; the full-size view too. The
// owner sets a focal point in the viewer with the keyboard and hears it announced.
// Screenshots of the public page, its viewer and the owner's viewer at 375 and 1280 px.
// The owner signs up on the sign-up page (the cold server's first request); the photos and
// the payment then go over the API.
import type { BrowserContext, Response } from '@playwright/test';
import { makePhoto } from '../lib/variants/test-photos';
import { newSession, uploadImages } from '../test/infra/uploads';
import { checkoutEvent, deliver } from '../test/infra/payments';
import { expect, expectAccessible, screenshot, signUpClient, test } from './fixtures';

async function withCookies(context: BrowserContext, url: string, cookie: string) {
  await context.addCookies(
    cookie.split('; ').map((pair) => {
      const [name, ...value] = pair.split('=');
      return { name, value: value.join('='), url };
    }),
  );
}

test('the public page on a phone loads sm/md AVIF variants, not originals; the owner sets a focal point', async ({ app, browser }) => {
  test.setTimeout(180_000);
  const owner = await signUpClient(browser, app.url, { name: 'Olive Owner', emailPrefix: 'variants' });
  const uploadSessionId = await newSession(owner);
  const photos = await Promise.all([makePhoto(2400, 1800), makePhoto(1800, 2400), makePhoto(2400, 1600)]);
  const { ids } = await uploadImages(
    owner,
    { uploadSessionId },
    photos.map((bytes, n) => ({ filename: `photo${n}.jpg`, type: 'image/jpeg', bytes })),
  );
  const originalKeys = await Promise.all(ids.map(async (id) => (await owner.json<{ key: string }>(`/api/images/${id}`)).body.key));
  const { listingId } = (await owner.json<{ listingId: string }>('/api/checkout', { uploadSessionId, title: 'Harbour at dawn' })).body;
  expect((await deliver(app, checkoutEvent('checkout.session.completed', { listingId, uploadSessionId }))).status).toBe(200);
  for (const [n, id] of ids.entries()) await owner.json(`/api/images/${id}`, { caption: `View ${n + 1} from the pier` }, { method: 'PATCH' });

  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: width === 375 ? 2 : 1 });
    const page = await context.newPage();
    const images: Response[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'image') images.push(r);
    });
    await page.goto(`${app.url}/p/${listingId}`);
    const tiles = page.getByRole('button', { name: /^View image/ }).locator('img');
    await expect(tiles).toHaveCount(3);
    await tiles.last().scrollIntoViewIfNeeded();
    await expect
      .poll(() => tiles.evaluateAll((els) => els.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)), {
        timeout: 60_000,
      })
      .toBe(true);
    const chosen = await tiles.evaluateAll((els) => els.map((i) => (i as HTMLImageElement).currentSrc));
    for (const src of chosen) expect(src).toMatch(width === 375 ? /\/api\/i\/[0-9a-f-]{36}\/(sm|md)\?f=auto&sig=/ : /\/api\/i\/[0-9a-f-]{36}\/sm\?f=auto&sig=/);
    await screenshot(page, 'variants-public');
    await expectAccessible(page);

    await page.getByRole('button', { name: /^View image 1 of 3/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect
      .poll(() => page.locator('dialog img[data-fit="contain"]').evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))
      .toBe(true);
    expect(await page.locator('dialog img[data-fit="contain"]').evaluate((i) => (i as HTMLImageElement).currentSrc)).toMatch(
      /\/api\/i\/[0-9a-f-]{36}\/(sm|md|lg)\?f=auto/,
    );
    await screenshot(page, 'variants-public-viewer');

    const variantAnswers = images.filter((r) => r.url().includes('/api/i/'));
    expect(variantAnswers.length).toBeGreaterThanOrEqual(3);
    for (const r of variantAnswers) {
      expect(r.status()).toBe(200);
      expect(r.headers()['content-type']).toBe('image/avif');
    }
    // No original was fetched, by its storage URL or otherwise.
    for (const r of images) for (const key of originalKeys) expect(r.url()).not.toContain(key);
    await context.close();
  }

  // The owner's viewer: a focal point set with arrow keys, announced, saved.
  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await withCookies(context, app.url, owner.cookie);
    const page = await context.newPage();
    await page.goto(`${app.url}/listings/${listingId}`);
    await page.getByRole('button', { name: 'View photo0.jpg' }).click();
    await page.getByRole('button', { name: 'Set focal point' }).click();
    const picker = page.getByRole('slider', { name: 'Focal point for photo0.jpg' });
    await expect(picker).toBeVisible();
    await picker.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByText(/Focal point saved: \d+% from the left, \d+% from the top/)).toBeVisible();
    // Arrow keys moved the point, not the viewer to the next image.
    await expect(page.getByRole('heading', { name: 'photo0.jpg' })).toBeVisible();
    await screenshot(page, 'variants-owner-viewer');
    await context.close();
  }
  const image = (await owner.json<{ focalX: number; focalY: number }>(`/api/images/${ids[0]}`)).body;
  expect([image.focalX, image.focalY]).toEqual([0.6, 0.6]);
});
