// Journeys for what interrupts a person: a reload mid-upload (Resume, or pick the file again),
// a failed confirm retried without sending the bytes again, a full listing, and signing in
// on the way to a page.
import { expect, expectAccessible, screenshot, test, consoleErrorsOf, signUpInBrowser } from './fixtures';
import { expectUploaded, openNewListing, png, tileOrder, tiles } from './gallery-helpers';

test('a reload mid-upload: Resume confirms bytes that arrived; otherwise the file is picked again', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const consoleErrors = consoleErrorsOf(page);
  page.on('dialog', (d) => void d.accept()); // "leave the page?" while uploading
  await signUpInBrowser(page, 'Re Sume', 'resume');
  await openNewListing(page, baseURL!, 'Resume cottage');

  // sent.png: its bytes reach storage, then the page is reloaded before the server confirms.
  await page.route('**/api/uploads/confirm', () => undefined);
  const put = page.waitForResponse((r) => r.request().method() === 'PUT' && r.status() < 300);
  await page.getByLabel('Upload images').setInputFiles([await png('sent.png', 30)]);
  await put;
  // lost.png: the page goes away while its bytes are still on the way.
  await page.route('**/api/storage/**', (route) => (route.request().method() === 'PUT' ? undefined : route.continue()));
  const putStarted = page.waitForRequest((r) => r.method() === 'PUT');
  await page.getByLabel('Upload images').setInputFiles([await png('lost.png', 200)]);
  await putStarted;
  await page.reload();
  // Only after the reload: a request held by a route that goes away would be let through.
  await page.unroute('**/api/uploads/confirm');
  await page.unroute('**/api/storage/**');

  await expect(tiles(page)).toHaveCount(2);
  await expect(tiles(page).filter({ hasText: 'sent.png' }).getByText('Upload interrupted')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'gallery-interrupted');

  let puts = 0;
  page.on('request', (r) => {
    if (r.method() === 'PUT') puts += 1;
  });
  await page.getByRole('button', { name: 'Resume upload of sent.png' }).click();
  await expectUploaded(page, 'sent.png');
  expect(puts).toBe(0); // confirm only: the bytes were already there

  await page.getByRole('button', { name: 'Resume upload of lost.png' }).click();
  await expect(tiles(page).filter({ hasText: 'lost.png' }).getByText('The upload never arrived')).toBeVisible();
  await page.getByLabel('Choose lost.png again').setInputFiles([await png('lost.png', 200)]);
  await expectUploaded(page, 'lost.png');
  expect(await tileOrder(page)).toEqual(['sent.png', 'lost.png']);
  await page.reload();
  for (const name of ['sent.png', 'lost.png']) await expectUploaded(page, name);
  expect(await tileOrder(page)).toEqual(['sent.png', 'lost.png']);
  expect(consoleErrors.filter((e) => !/ERR_|net::|Failed to load resource/.test(e))).toEqual([]);
});

test('a retry after a failed confirm sends no bytes again', async ({ page, baseURL }) => {
  await signUpInBrowser(page, 'Con Firm', 'confirm');
  await openNewListing(page, baseURL!, 'Confirm cottage');
  let puts = 0;
  page.on('request', (r) => {
    if (r.method() === 'PUT') puts += 1;
  });
  // The first confirm is refused outright (not a passing hiccup, so no automatic retry).
  let confirms = 0;
  await page.route('**/api/uploads/confirm', (route) => {
    confirms += 1;
    return confirms === 1 ? route.fulfill({ status: 400, json: { error: { code: 'bad_request', message: 'Try again later' } } }) : route.continue();
  });
  await page.getByLabel('Upload images').setInputFiles([await png('once.png', 60)]);
  await expect(page.getByText('Upload failed')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Retry upload of once.png' }).click();
  await expectUploaded(page, 'once.png');
  expect(puts).toBe(1);
  expect(confirms).toBe(2);
});

test('a full listing says so and takes no more files', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpInBrowser(page, 'Full Up', 'full');
  await openNewListing(page, baseURL!, 'Full cottage');
  await page.getByLabel('Upload images').setInputFiles(await Promise.all(Array.from({ length: 10 }, (_, i) => png(`p${i}.png`, i * 36, 160, 120))));
  for (let i = 0; i < 10; i++) await expectUploaded(page, `p${i}.png`);
  await expect(page.getByText('This listing is full', { exact: true })).toBeVisible();
  await expect(page.getByText('10 of 10')).toBeVisible();
  await expect(page.getByLabel('Upload images')).toBeDisabled();
  await expectAccessible(page);
  // Deleting one opens a place again (once the undo window has closed or the file is added).
  await page.getByRole('button', { name: 'Delete p9.png' }).click();
  await expect(page.getByLabel('Upload images')).toBeEnabled();
});

test('signing in returns to the page that asked for it, and never leaves the site', async ({ page, baseURL }) => {
  const password = 'a sturdy password 42';
  const email = await signUpInBrowser(page, 'Re Turn', 'return', { password });
  await page.context().clearCookies();
  const signIn = async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  await page.goto('/settings/keys');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fkeys$/);
  await signIn();
  await expect(page).toHaveURL(`${baseURL}/settings/keys`);
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();

  await page.context().clearCookies();
  await page.goto('/sign-in?next=//evil.example/steal');
  await signIn();
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/`);
});
