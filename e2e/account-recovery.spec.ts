// Journey: sign-up says why a password is refused; a forgotten password is reset through the
// mailed link (in embedded mode the link is in the server log) and the new one signs in.
import { randomBytes } from 'node:crypto';
import { linkFromLog } from '../test/infra/mailbox';
import { expect, expectAccessible, screenshot, test } from './fixtures';

test('sign-up shows why a password is refused, then accepts a good one', async ({ page, consoleErrors }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Wendy Weak');
  await page.getByLabel('Email').fill(`weak-${randomBytes(4).toString('hex')}@example.test`);
  await page.getByLabel('Password').fill('password1234');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.locator('.form-error[role=alert]')).toHaveText(/^Password too easy to guess: it is (very close to )?a commonly used password/);
  await expectAccessible(page);
  await screenshot(page, 'sign-up-weak-password');
  await page.getByLabel('Password').fill('four unrelated words here');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
  // The refused sign-up logs a 400 in the console; nothing else may.
  expect(consoleErrors.filter((e) => !/400/.test(e))).toEqual([]);
});

test('forgot password: the mailed link leads to a new password that signs in', async ({ page, app, browser }) => {
  const email = `forgetful-${randomBytes(4).toString('hex')}@example.test`;
  // The account is made elsewhere (its own context, over the API), after this page is open:
  // the page stays the first request, were this test the first on its server.
  await page.goto('/sign-in');
  const signUp = await browser.newContext({ baseURL: app.url });
  const res = await signUp.request.post('/api/auth/sign-up/email', {
    data: { name: 'Fay', email, password: 'the old passphrase here' },
    headers: { Origin: app.url },
  });
  expect(res.status()).toBe(200);
  await signUp.close();

  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('a reset link is on its way');
  await screenshot(page, 'forgot-password-sent');

  await expect.poll(() => linkFromLog(app.output(), email, '/reset-password/')).not.toBeNull();
  await page.goto(linkFromLog(app.output(), email, '/reset-password/')!);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  // The browser's own minlength check stops it first; the field stays invalid.
  expect(await page.getByLabel('New password').evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(false);
  await page.getByLabel('New password').fill('the new passphrase here');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await screenshot(page, 'password-changed');

  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('the new passphrase here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
});
