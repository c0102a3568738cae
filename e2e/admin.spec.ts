// Journey: the admin page is a 404 to everyone but admins; an admin sees health and the temp
// area, dry-runs the clean-up (nothing removed, a history row), then runs it for real.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { storageOf, type RunningApp } from '../test/infra/app';
import type { Client } from '../test/infra/client';
import { newSession, uploadImages } from '../test/infra/uploads';
import { verifyFromLog } from '../test/infra/auth';
import { expect, expectAccessible, screenshot as fullPageShot, test as base, consoleErrorsOf, signUpClient } from './fixtures';

// Shot from the top: a sticky top bar is otherwise drawn where the page was scrolled to.
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

const ADMIN_EMAIL = 'admin@example.test';
const ADMIN_PASSWORD = 'the admin password 42';

// The admin of each app, signed up once (through the sign-up page, which may be the cold
// server's first request) and verified through the link the app logs.
const admins = new WeakMap<RunningApp, Promise<Client>>();

// The shared fixture's app, with one admin address.
const test = base.extend<{ admin: Client }>({
  admin: async ({ app, browser }, use) => {
    if (!admins.has(app)) {
      admins.set(
        app,
        signUpClient(browser, app.url, { name: 'Ada Admin', emailPrefix: 'admin', email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).then(async (admin) => {
          // A listed address is admin once verified: embedded mode logs the link.
          await verifyFromLog(app, ADMIN_EMAIL);
          return admin;
        }),
      );
    }
    await use(await admins.get(app)!);
  },
});
test.use({ appEnv: { ADMIN_EMAILS: ADMIN_EMAIL } });

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
}

/** An object in the temp area with no row, from long ago: what clean-up exists to remove. */
async function plantOldOrphan(app: RunningApp) {
  const when = Date.now() - 30 * 24 * 3600_000;
  const key = `temp/sess_${when}_${randomBytes(4).toString('hex')}/${when}-orphan.png`;
  await (await storageOf(app)).put({ key, body: makePng(32, 32), contentType: 'image/png' });
  return key;
}

const historyRows = (page: Page) => page.getByRole('table', { name: 'Clean-up runs' }).locator('tbody tr');

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 600 ? 800 : 740 } });

    test('someone who is not an admin gets a 404', async ({ page }) => {
      const consoleErrors = consoleErrorsOf(page);
      await page.goto('/sign-up');
      await page.getByLabel('Name').fill('Nora Normal');
      await page.getByLabel('Email').fill(`normal-${randomBytes(4).toString('hex')}@example.test`);
      await page.getByLabel('Password').fill('a sturdy password 42');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);

      const response = await page.goto('/admin');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await expect(page.getByText('Health')).toHaveCount(0);
      await expectAccessible(page);
      await screenshot(page, 'admin-not-found');
      const api = await page.request.post('/api/cleanup/temp-images', {
        data: { action: 'cleanup-old', dryRun: true },
        headers: { Origin: page.url().replace(/\/admin$/, '') },
      });
      expect(api.status()).toBe(403);
      // The browser reports the 404 document itself; nothing else may be logged.
      expect(consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
    });

    test('admin: health, temp images, dry run, then clean-up', async ({ page, app, admin }) => {
      const consoleErrors = consoleErrorsOf(page);
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
      await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'admin-initial');
      await page.emulateMedia({ colorScheme: 'dark' });
      await expectAccessible(page);
      await screenshot(page, 'admin-initial-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      // A fresh upload (kept: it is new) and an old orphan (removed) in the temp area.
      const sessionId = await newSession(admin);
      await uploadImages(admin, { uploadSessionId: sessionId }, [{ filename: 'planted.png', type: 'image/png', bytes: makePng(64, 48) }]);
      const orphanKey = await plantOldOrphan(app);
      const orphanName = orphanKey.split('/').pop()!;

      await page.reload();
      const health = page.getByRole('region', { name: 'Health', exact: true });
      await expect(health.getByText('All systems OK')).toBeVisible();
      await expect(health.getByRole('listitem').filter({ hasText: 'Database' })).toContainText('OK');
      await expect(health.getByRole('listitem').filter({ hasText: 'Storage' })).toContainText('OK');
      const storage = page.getByRole('region', { name: 'Storage', exact: true });
      await expect(storage).toContainText('No verify run recorded yet');
      const temp = page.getByRole('region', { name: 'Temp images', exact: true });
      const tempTable = temp.getByRole('table', { name: 'Temp images' });
      await expect(tempTable.getByRole('row').filter({ hasText: sessionId })).toHaveCount(1);
      await expect(tempTable.getByRole('row').filter({ hasText: orphanName })).toContainText('30 days');
      const runsBefore = await historyRows(page).count();
      await expectAccessible(page);

      // Dry run: says what it would remove, removes nothing, and is recorded.
      await page.getByRole('button', { name: 'Dry run' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Would remove 1 item' })).toBeVisible();
      await expect(historyRows(page)).toHaveCount(runsBefore + 1);
      const dry = historyRows(page).first();
      await expect(dry.getByRole('cell').nth(1)).toHaveText('admin');
      await expect(dry.getByRole('cell').nth(3)).toHaveText('Yes');
      await expect(dry.getByRole('cell').nth(4)).toHaveText('Done');
      await expect(dry.getByRole('cell').nth(5)).toHaveText('1');
      await expect(tempTable.getByRole('row').filter({ hasText: orphanName })).toHaveCount(1);
      await screenshot(page, 'admin-dry-run');

      // The real run asks first, then removes the orphan and keeps the fresh upload.
      await page.getByRole('button', { name: 'Run clean-up' }).click();
      await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Yes, run clean-up' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Clean-up finished: removed 1 item of 1 found' })).toBeVisible();
      await expect(historyRows(page)).toHaveCount(runsBefore + 2);
      const live = historyRows(page).first();
      await expect(live.getByRole('cell').nth(3)).toHaveText('No');
      await expect(live.getByRole('cell').nth(6)).toHaveText('1');
      await expect(tempTable.getByRole('row').filter({ hasText: orphanName })).toHaveCount(0);
      await expect(tempTable.getByRole('row').filter({ hasText: sessionId })).toHaveCount(1);
      expect(await (await storageOf(app)).head(orphanKey)).toBeNull();
      await expectAccessible(page);
      await screenshot(page, 'admin-after-cleanup');
      // The same page in the dark scheme: contrast and all, checked and photographed.
      await page.emulateMedia({ colorScheme: 'dark' });
      await expectAccessible(page);
      await screenshot(page, 'admin-after-cleanup-dark');
      expect(consoleErrors).toEqual([]);
    });
  });
}
