// Journey: a visitor is sent to sign in, signs up, lands on "My listings", signs out and in again.
import { randomBytes } from 'node:crypto';
import { expect, expectAccessible, screenshot, test } from './fixtures';

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 600 ? 800 : 740 } });

    test('sign up, sign out, sign in', async ({ page, consoleErrors }) => {
      const email = `e2e-${randomBytes(4).toString('hex')}@example.test`;
      const password = 'a sturdy password 42';

      await page.goto('/');
      await expect(page).toHaveURL(/\/sign-in$/);
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'sign-in');

      await page.getByRole('link', { name: 'Create an account' }).click();
      await expect(page).toHaveURL(/\/sign-up$/);
      await expectAccessible(page);
      await screenshot(page, 'sign-up');
      await page.getByLabel('Name').fill('Erin Example');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign up' }).click();

      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
      await expect(page.getByText('No listings yet')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'my-listings-empty');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await page.goto('/');
      await expect(page).toHaveURL(/\/sign-in$/);

      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').filter({ hasText: /invalid/i })).toBeVisible();

      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
      // The failed sign-in logs a 401 in the console; nothing else may.
      expect(consoleErrors.filter((e) => !/401/.test(e))).toEqual([]);
    });
  });
}
