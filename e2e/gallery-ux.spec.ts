// Journeys for the gallery's safety nets and conveniences: delete with undo (a double click
// deletes one photo), Move earlier / later, progress with cancel, and the full-size viewer
// (fixed frame, backdrop, swipe, preload). Recovering from interruptions: gallery-recovery.
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, test, consoleErrorsOf, signUpInBrowser } from './fixtures';
import { addImages, expectDecoded, openNewListing, png, tileOrder, tiles } from './gallery-helpers';

const deleteAnswered = (page: Page) => page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/images/'));

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 600 ? 800 : 740 } });

    test('delete: a double click deletes one photo, Undo restores it, the window closes, leaving deletes', async ({ page, baseURL }) => {
      test.setTimeout(120_000);
      const consoleErrors = consoleErrorsOf(page);
      await signUpInBrowser(page, 'Dee Lete', 'undo');
      const id = await openNewListing(page, baseURL!, 'Undo cottage');
      await addImages(page, [await png('a.png', 0), await png('b.png', 90), await png('c.png', 180), await png('d.png', 270)]);
      let deletes = 0;
      page.on('request', (r) => {
        if (r.method() === 'DELETE') deletes += 1;
      });

      // Double click: the next tile slides under the pointer, and must survive.
      await page.getByRole('button', { name: 'Delete a.png' }).dblclick();
      await expect(tiles(page)).toHaveCount(3);
      expect(await tileOrder(page)).toEqual(['b.png', 'c.png', 'd.png']);
      // Nor is it opened: at 1280 px the second click lands on b.png's picture (its View button).
      await expect(page.getByRole('dialog')).toBeHidden();
      const undo = page.getByRole('button', { name: 'Undo' });
      await expect(page.getByText('a.png deleted', { exact: true })).toBeVisible();
      await undo.click();
      await expect(tiles(page)).toHaveCount(4);
      expect(await tileOrder(page)).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
      await expect(page.getByRole('button', { name: 'Delete a.png' })).toBeFocused();
      await expect(undo).toBeHidden();
      expect(deletes).toBe(0);
      await page.reload();
      await expect(tiles(page)).toHaveCount(4);

      // Enter twice on a focused delete button: one photo.
      await page.getByRole('button', { name: 'Delete b.png' }).focus();
      const gone = deleteAnswered(page);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await expect(tiles(page)).toHaveCount(3);
      await expect(page.getByRole('button', { name: 'Delete c.png' })).toBeFocused();
      // Deleted for real when the undo window closes.
      expect((await gone).status()).toBe(204);
      await expect(undo).toBeHidden();
      expect(deletes).toBe(1);
      await page.reload();
      expect(await tileOrder(page)).toEqual(['a.png', 'c.png', 'd.png']);

      // Leaving the page inside the window still deletes (a keepalive request on the way out).
      await page.getByRole('button', { name: 'Delete d.png' }).click();
      // On the toast the window waits (here while axe and the screenshot take their time).
      await undo.focus();
      await expectAccessible(page);
      await screenshot(page, 'gallery-undo');
      await page.waitForTimeout(5500); // longer than the undo window: still open, since it is held
      await expect(undo).toBeVisible();
      expect(deletes).toBe(1);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My listings' }).click();
      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
      await expect
        .poll(async () => {
          const listing = await page.request.get(`/api/listings/${id}`);
          return ((await listing.json()) as { images: unknown[] }).images.length;
        })
        .toBe(2);
      expect(consoleErrors).toEqual([]);
    });

    test('Move earlier / Move later: the order changes, is announced, keeps the focus and is saved', async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      await signUpInBrowser(page, 'Mo Ver', 'move');
      await openNewListing(page, baseURL!, 'Move cottage');
      await addImages(page, [await png('a.png', 0), await png('b.png', 120, 480, 640), await png('c.png', 240, 800, 450)]);
      const saved = () => page.waitForResponse((r) => r.url().endsWith('/api/images/reorder') && r.status() === 200);

      let done = saved();
      await page.getByRole('button', { name: 'Move c.png earlier' }).click();
      await done;
      expect(await tileOrder(page)).toEqual(['a.png', 'c.png', 'b.png']);
      await expect(page.getByRole('status').filter({ hasText: 'c.png moved to position 2 of 3.' })).toHaveCount(1);
      await expect(page.getByRole('button', { name: 'Move c.png earlier' })).toBeFocused();
      done = saved();
      await page.keyboard.press('Enter');
      await done;
      expect(await tileOrder(page)).toEqual(['c.png', 'a.png', 'b.png']);
      // Already first: nothing moves, and the reason is said.
      await page.keyboard.press('Enter');
      await expect(page.getByRole('status').filter({ hasText: 'c.png is already first.' })).toHaveCount(1);
      done = saved();
      await page.getByRole('button', { name: 'Move a.png later' }).click();
      await done;
      expect(await tileOrder(page)).toEqual(['c.png', 'b.png', 'a.png']);
      await page.reload();
      expect(await tileOrder(page)).toEqual(['c.png', 'b.png', 'a.png']);
      // The cover badge follows the first image.
      await expect(tiles(page).first().getByText('Cover')).toBeVisible();
    });

    test('viewer: fixed frame, opens on Close, arrows, backdrop, Escape, preloads the next image', async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      await signUpInBrowser(page, 'Vi Ewer', 'viewer');
      await openNewListing(page, baseURL!, 'Viewer cottage');
      await addImages(page, [await png('wide.png', 0, 800, 450), await png('tall.png', 120, 450, 800), await png('square.png', 240, 500, 500)]);
      await page.getByRole('button', { name: 'View wide.png' }).click();
      const dialog = page.getByRole('dialog', { name: 'wide.png' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
      const picture = dialog.locator('img[data-fit="contain"]');
      await expectDecoded(picture);
      const boxes = async () =>
        Promise.all(['Close', 'Previous image', 'Next image'].map((name) => page.getByRole('dialog').getByRole('button', { name }).boundingBox()));
      const first = await boxes();
      // The next picture was fetched while this one was shown.
      const nextUrl = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('dialog', { name: 'tall.png' })).toBeVisible();
      await expectDecoded(page.getByRole('dialog').locator('img[data-fit="contain"]'));
      // What the browser shows (a srcset candidate where there is one) was already fetched.
      const tallShown = await page
        .getByRole('dialog')
        .locator('img[data-fit="contain"]')
        .evaluate((img: HTMLImageElement) => img.currentSrc);
      expect(nextUrl).toContain(new URL(tallShown, baseURL).href);
      // A portrait after a landscape: not one control has moved.
      expect(await boxes()).toEqual(first);
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('dialog', { name: 'square.png' })).toBeVisible();
      expect(await boxes()).toEqual(first);
      await expectAccessible(page);
      await page.screenshot({ path: `screenshots/gallery-viewer-${width}.png` });
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByRole('dialog', { name: 'tall.png' })).toBeVisible();

      // A click on the empty stage beside the picture closes, and the focus goes back.
      const stage = (await page.locator('[data-dialog-backdrop]').boundingBox())!;
      await page.mouse.click(stage.x + 4, stage.y + 4);
      await expect(page.getByRole('dialog')).toBeHidden();
      await expect(page.getByRole('button', { name: 'View wide.png' })).toBeFocused();
      // Escape closes too, and the top Close control.
      await page.getByRole('button', { name: 'View square.png' }).click();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();
      await page.getByRole('button', { name: 'View square.png' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await expect(page.getByRole('dialog')).toBeHidden();
    });

    test('progress in bytes with time left, cancel one upload and the batch', async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      await signUpInBrowser(page, 'Pro Gress', 'progress');
      const id = await openNewListing(page, baseURL!, 'Progress cottage');
      // Storage holds every PUT: the uploads stay under way until cancelled.
      await page.route('**/api/storage/**', (route) => (route.request().method() === 'PUT' ? undefined : route.continue()));
      page.on('dialog', (d) => void d.accept());
      await page.getByLabel('Upload images').setInputFiles([await png('one.png', 0), await png('two.png', 90), await png('three.png', 180)]);
      await expect(page.getByText('Uploading 3 files')).toBeVisible();
      await expect(page.getByText(/^Uploading 3 files/)).toBeVisible();
      await expect(page.getByText(/^\d+ (bytes|KB) of \d+ KB$/).first()).toBeVisible();
      await expect(page.getByRole('button', { name: 'Cancel upload of one.png' })).toBeVisible();
      await screenshot(page, 'gallery-progress');
      await page.getByRole('button', { name: 'Cancel upload of one.png' }).click();
      await expect(tiles(page)).toHaveCount(2);
      await expect(page.getByText('Uploading 2 files')).toBeVisible();
      await page.getByRole('button', { name: 'Cancel all uploads' }).click();
      await expect(tiles(page)).toHaveCount(0);
      await expect(page.getByText(/Uploading \d files?/)).toBeHidden();
      await expect(page.getByText('0 of 10', { exact: true })).toBeVisible();
      // Nothing left behind on the server either.
      await expect.poll(async () => ((await (await page.request.get(`/api/listings/${id}`)).json()) as { images: unknown[] }).images.length).toBe(0);
    });
  });
}

test.describe('on a touch phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });

  test('the viewer swipes between images and loads a picture', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await signUpInBrowser(page, 'Swi Pe', 'swipe');
    await openNewListing(page, baseURL!, 'Swipe cottage');
    await addImages(page, [await png('one.png', 0), await png('two.png', 120)]);
    await page.getByRole('button', { name: 'View one.png' }).tap();
    await expect(page.getByRole('dialog', { name: 'one.png' })).toBeVisible();
    const stage = (await page.locator('[data-dialog-backdrop]').boundingBox())!;
    const y = stage.y + stage.height / 2;
    await swipe(page, { from: stage.x + stage.width * 0.8, to: stage.x + stage.width * 0.2, y });
    await expect(page.getByRole('dialog', { name: 'two.png' })).toBeVisible();
    await expectDecoded(page.getByRole('dialog').locator('img[data-fit="contain"]'));
    await swipe(page, { from: stage.x + stage.width * 0.2, to: stage.x + stage.width * 0.8, y });
    await expect(page.getByRole('dialog', { name: 'one.png' })).toBeVisible();
  });
});

/** A one-finger horizontal swipe, as the touch screen sends it (Chromium makes pointer events). */
async function swipe(page: Page, { from, to, y }: { from: number; to: number; y: number }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from, y }] });
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from + ((to - from) * i) / 8, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
