// Journeys of a draft listing: files chosen, dropped or pasted before the draft exists all
// upload, and a draft that cannot be made says the chosen files did not upload; the draft is
// on My listings with when it would be abandoned and resumes in its editor; a cancelled
// checkout (on the test checkout or from the listing) comes back as the draft with every
// image and pays on a later try; rename; delete (confirmed; refused while a payment is pending).
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect, expectAccessible, screenshot, test, signUpInBrowser } from './fixtures';
import { dropImages, holdDraftCreation, pasteImages, tileOrder } from './gallery-helpers';

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
      const draft = await holdDraftCreation(page);
      await page.goto('/listings/new');
      await draft.sent;
      await page.getByLabel('Upload images').setInputFiles([await png('one.png', 10), await png('two.png', 140), await png('three.png', 260)]);
      await expect(page.getByText('3 images will upload as soon as the listing is ready.')).toBeVisible();
      await expect(page.getByText(/3 images wait to upload/)).toBeVisible();
      await shot(page, 'files-waiting-for-draft');
      draft.release();
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

    test('files dropped and pasted before the draft exists wait for it, then all upload', async ({ page, consoleErrors }) => {
      test.setTimeout(120_000);
      await signUpInBrowser(page, 'Drew Drop', 'drop');
      const draft = await holdDraftCreation(page);
      await page.goto('/listings/new');
      await draft.sent;
      await dropImages(page, [await png('dropped-a.png', 30), await png('dropped-b.png', 150)]);
      await expect(page.getByText('2 images will upload as soon as the listing is ready.')).toBeVisible();
      await pasteImages(page, [await png('pasted.png', 270)]);
      await expect(page.getByText('3 images will upload as soon as the listing is ready.')).toBeVisible();
      await expect(page.getByText(/3 images wait to upload/)).toBeVisible();
      await shot(page, 'dropped-and-pasted-waiting-for-draft');
      draft.release();
      await expectUploaded(page, ['dropped-a.png', 'dropped-b.png', 'pasted.png']);
      await expect(page.getByText(/will upload as soon as the listing is ready/)).toHaveCount(0);
      await expect(page).toHaveURL(/\/listings\/new\?session=sess_\d{13}_[0-9a-f]+$/);
      // Kept on the server in the order they came in, not only shown.
      await page.reload();
      await expectUploaded(page, ['dropped-a.png', 'dropped-b.png', 'pasted.png']);
      expect(await tileOrder(page)).toEqual(['dropped-a.png', 'dropped-b.png', 'pasted.png']);
      expect(consoleErrors).toEqual([]);
    });
  });
}

// The draft cannot be made (the server fails, or the connection drops): the files already
// chosen are named as not uploaded, nothing is sent for them, and a reload starts afresh.
for (const failure of ['fail', 'abort'] as const) {
  test(`when the draft cannot be made (${failure === 'fail' ? 'a 500' : 'connection cut'}), the chosen files are said not to have uploaded`, async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await signUpInBrowser(page, 'Fay Failure', `no-draft-${failure}`);
    const uploadCalls: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/(uploads|storage)\//.test(r.url())) uploadCalls.push(`${r.method()} ${r.url()}`);
    });
    const draft = await holdDraftCreation(page);
    await page.goto('/listings/new');
    await draft.sent;
    await page.getByLabel('Upload images').setInputFiles([await png('kept-a.png', 40)]);
    await dropImages(page, [await png('kept-b.png', 200)]);
    await expect(page.getByText('2 images will upload as soon as the listing is ready.')).toBeVisible();
    draft[failure]();
    const cause = failure === 'fail' ? 'Something went wrong (request req_held)' : 'No connection to the server';
    await expect(page.getByRole('alert').filter({ hasText: 'could not be created' })).toHaveText(
      `The listing could not be created (${cause}), so the 2 images you chose did not upload. Reload the page to try again.`,
    );
    await expect(tiles(page)).toHaveCount(0);
    expect(uploadCalls).toEqual([]);
    // Nothing else on the page still promises the upload, and no more can be added to wait.
    // (The screen reader's earlier announcement may stay in its hidden live region.)
    await expect(page.locator('p:not(.visually-hidden)').filter({ hasText: 'will upload as soon as the listing is ready' })).toHaveCount(0);
    await expect(page.locator('#publish-reason')).toHaveText('The listing could not be created. Reload the page to try again.');
    await expect(page.getByLabel('Upload images')).toBeDisabled();
    await expectAccessible(page);
    if (failure === 'fail') await shot(page, 'draft-not-created');

    // As the message says: a reload makes the draft, and the files then upload.
    await page.unrouteAll();
    await page.reload();
    await expect(page).toHaveURL(/\/listings\/new\?session=sess_/);
    await page.getByLabel('Upload images').setInputFiles([await png('kept-a.png', 40), await png('kept-b.png', 200)]);
    await expectUploaded(page, ['kept-a.png', 'kept-b.png']);
    // The refused POST is the one error the browser may log.
    expect(consoleErrors.filter((e) => !/\/api\/listings/.test(e))).toEqual([]);
  });
}
