// Every page in both colour schemes at both widths: axe finds no violation of any impact
// (contrast included), and a screenshot of each is kept to be looked at.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect, expectAccessible, screenshot, test, signUpInBrowser } from './fixtures';
import { expectViewable, png } from './gallery-helpers';

/** On a phone, every control a finger aims at is at least 44 × 44 px (links inside running
 * text are exempt, as WCAG 2.5.8 allows, and so is a link stretched over its card). */
async function expectTouchTargets(page: Page) {
  if ((page.viewportSize()?.width ?? 0) > 600) return;
  const small = await page.locator('button, a, input:not([type=file]), select, textarea, [role=button]').evaluateAll((els) =>
    els.flatMap((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || el.closest('[hidden], [aria-hidden=true]')) return [];
      if (el.tagName === 'A' && !el.classList.contains('button') && el.closest('p, li > p, dd')) return [];
      // A card's title link whose ::after covers the whole card: the card is the target.
      if (getComputedStyle(el, '::after').position === 'absolute') return [];
      return box.width < 43.5 || box.height < 43.5
        ? [
            `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
          ]
        : [];
    }),
  );
  expect(small).toEqual([]);
}

/** axe, touch targets, then a full-page shot from the top, named for the page and the scheme. */
async function check(page: Page, name: string, scheme: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectAccessible(page);
  await expectTouchTargets(page);
  await screenshot(page, `${name}-${scheme}`);
}

/** A modal as the screen shows it (a full-page shot would scroll the page behind it). */
async function checkModal(page: Page, name: string, scheme: string) {
  await expectAccessible(page);
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.resolve(import.meta.dirname, '..', 'screenshots', `${name}-${scheme}-${width}.png`) });
}

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [1280, 375]) {
    test.describe(`${scheme} at ${width} px`, () => {
      test.use({ viewport: { width, height: width > 600 ? 800 : 740 }, colorScheme: scheme });

      test('every page passes axe and is photographed', async ({ page, baseURL, browser }) => {
        test.setTimeout(180_000);
        const origin = { Origin: baseURL! };
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');

        await page.goto('/sign-in');
        await check(page, 'page-sign-in', scheme);
        await page.goto('/sign-up');
        await check(page, 'page-sign-up', scheme);
        const missing = await page.goto('/no-such-page');
        expect(missing?.status()).toBe(404);
        await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
        await check(page, 'page-not-found', scheme);

        await signUpInBrowser(page, 'Skye Scheme', `scheme-${scheme}`);
        await check(page, 'page-my-listings-empty', scheme);
        const created = await page.request.post('/api/listings', { data: { title: 'Empty draft' }, headers: origin });
        await page.goto(`/listings/${((await created.json()) as { id: string }).id}`);
        await check(page, 'page-listing-draft', scheme);

        await page.goto('/listings/new');
        await expect(page).toHaveURL(/session=sess_/);
        await check(page, 'page-new-listing-empty', scheme);
        await page.getByLabel('Title').fill('Scheme cottage');
        await page
          .getByLabel('Upload images')
          .setInputFiles([await png('front.png', 0), await png('hall.png', 120, 480, 640), await png('garden.png', 240, 800, 450)]);
        for (const name of ['front.png', 'hall.png', 'garden.png']) await expectViewable(page, `View ${name}`);
        await page.getByLabel('Caption for hall.png').fill('The hall, with its tiled floor');
        await expect(page.getByText('Saved', { exact: true })).toBeVisible();
        await check(page, 'page-new-listing', scheme);
        await page.getByRole('button', { name: 'View hall.png' }).click();
        await checkModal(page, 'page-listing-viewer', scheme);
        await page.keyboard.press('Escape');

        // The test checkout, then the published listing with its payoff, then the public page.
        await page.getByRole('button', { name: 'Pay & publish' }).click();
        await expect(page).toHaveURL(/\/checkout\/test\//);
        const id = page.url().split('/').pop()!;
        await check(page, 'page-test-checkout', scheme);
        await page.getByRole('button', { name: 'Pay' }).click();
        await expect(page.getByRole('heading', { name: 'Your listing is live' })).toBeVisible({ timeout: 30_000 });
        await expect(page.getByLabel('Public link')).toHaveValue(`${baseURL}/p/${id}`);
        await expectViewable(page, 'View front.png');
        await check(page, 'page-listing-live', scheme);

        await page.goto('/');
        await expect(page.getByRole('list', { name: 'Listings' })).toBeVisible();
        await check(page, 'page-my-listings', scheme);

        const visitor = await browser.newContext({ viewport: { width, height: width > 600 ? 800 : 740 }, colorScheme: scheme });
        const anon = await visitor.newPage();
        await anon.goto(`${baseURL}/p/${id}`);
        await expectViewable(anon, /^View image 1/);
        await check(anon, 'page-public', scheme);
        await anon.getByRole('button', { name: /^View image 2/ }).click();
        await expect(anon.getByRole('dialog', { name: 'Image 2' })).toBeVisible();
        await expect(anon.getByRole('dialog').getByText('The hall, with its tiled floor')).toBeVisible();
        await checkModal(anon, 'page-public-viewer', scheme);
        const gone = await anon.goto(`${baseURL}/p/00000000-0000-4000-8000-000000000000`);
        expect(gone?.status()).toBe(404);
        await expect(anon.getByRole('heading', { name: 'This listing is not available' })).toBeVisible();
        await check(anon, 'page-public-not-found', scheme);
        await visitor.close();

        // API keys, then a generated image posted with one, and its dialog.
        await page.goto('/settings/keys');
        await check(page, 'page-keys', scheme);
        const key = await page.request.post('/api/keys', { data: { name: 'Scheme worker' }, headers: origin });
        expect(key.status(), await key.text()).toBe(201);
        const secret = ((await key.json()) as { key: string }).key;
        const posted = await page.request.post('/api/images', {
          headers: { authorization: `Bearer ${secret}` },
          data: { prompt: 'A harbour at dawn', imageData: makePng(64, 48).toString('base64'), metadata: { model: 'test-model', seed: 42 } },
        });
        expect(posted.status()).toBe(201);
        await page.goto('/generated');
        await expectViewable(page, 'View A harbour at dawn');
        await check(page, 'page-generated', scheme);
        await page.getByRole('button', { name: 'View A harbour at dawn' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await checkModal(page, 'page-generated-dialog', scheme);
      });
    });
  }
}
