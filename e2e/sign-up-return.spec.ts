// Journey: a page sends a person with no account yet to sign in; "Create an account" keeps
// where they were going (?next=), and so does sign-up's "Sign in" link back, so they land on
// that page after signing up or in. A next that leaves the site is dropped, never followed.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';

const PASSWORD = 'a sturdy password 42';

async function fillSignUp(page: Page, email: string) {
  await page.getByLabel('Name').fill('Nia Next');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

async function fillSignIn(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Every request the page makes to another site, refused and counted. */
function offSite(page: Page, origin: string) {
  const left: string[] = [];
  void page.route(
    (url) => url.origin !== origin,
    (route) => {
      left.push(route.request().url());
      return route.abort();
    },
  );
  return left;
}

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 600 ? 800 : 740 } });

    test('sign-in → Create an account → sign up returns to the page that asked; Sign in back keeps it too', async ({ page, baseURL, consoleErrors }) => {
      test.setTimeout(90_000);
      const email = `next-${randomBytes(4).toString('hex')}@example.test`;
      await page.goto('/settings/keys?from=test');
      await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fkeys%3Ffrom%3Dtest$/);
      await page.getByRole('link', { name: 'Create an account' }).click();
      await expect(page).toHaveURL(/\/sign-up\?next=%2Fsettings%2Fkeys%3Ffrom%3Dtest$/);
      await expect(page.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in?next=%2Fsettings%2Fkeys%3Ffrom%3Dtest');
      await expectAccessible(page);
      // Generous: the first sign-up on a cold server loads the password-strength dictionaries.
      await fillSignUp(page, email);
      await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible({ timeout: 30_000 });
      expect(page.url()).toBe(`${baseURL}/settings/keys?from=test`);

      // Signed out, sent to sign in again: to sign-up and back by its "Sign in" link, then in.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await page.goto('/generated');
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByRole('link', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/sign-in\?next=%2Fgenerated$/);
      await fillSignIn(page, email);
      await expect(page).toHaveURL(`${baseURL}/generated`);
      expect(consoleErrors).toEqual([]);
    });

    test('an external next (//evil.example, https://evil.example) is dropped from the links and not followed', async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      const left = offSite(page, new URL(baseURL!).origin);
      const email = `evil-${randomBytes(4).toString('hex')}@example.test`;
      for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
        await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
        await expect(page.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/sign-up');
        await page.goto(`/sign-up?next=${encodeURIComponent(next)}`);
        await expect(page.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
      }

      await page.goto(`/sign-in?next=${encodeURIComponent('https://evil.example/x')}`);
      await page.getByRole('link', { name: 'Create an account' }).click();
      await expect(page).toHaveURL(/\/sign-up$/);
      await fillSignUp(page, email);
      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible({ timeout: 30_000 });
      expect(page.url()).toBe(`${baseURL}/`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await page.goto(`/sign-up?next=${encodeURIComponent('//evil.example/x')}`);
      await page.getByRole('link', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await fillSignIn(page, email);
      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
      expect(page.url()).toBe(`${baseURL}/`);
      expect(left).toEqual([]);
    });
  });
}
