// A cold app for every spec file (PGlite + local disk, APP_URL unset, as a fresh `npm start`
// runs), reached at 127.0.0.1 with a page as its first request; screenshots under
// screenshots/, and axe checks.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startApp, type AppOptions, type RunningApp } from '../test/infra/app';

// The worker's app for the spec file it is running; a new file gets a new, cold server.
let current: { file: string; app: RunningApp } | null = null;

async function appForFile(testInfo: TestInfo): Promise<RunningApp> {
  if (current?.file !== testInfo.file) {
    await current?.app.stop();
    current = null;
    // No warm-up: nothing requests anything until the test's first page.
    const app = await startApp({ database: 'pglite', storage: 'local', appUrl: null, ready: 'listening' });
    current = { file: testInfo.file, app };
  }
  return current.app;
}

// biome-ignore lint/suspicious/noConfusingVoidType: Playwright's type for a worker fixture that gives no value
export const test = base.extend<{ consoleErrors: string[]; app: RunningApp }, { stopLastApp: void }>({
  stopLastApp: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern, so it must be one
    async ({}, use) => {
      await use();
      await current?.app.stop();
      current = null;
    },
    { scope: 'worker', auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern, so it must be one
  app: [async ({}, use, testInfo) => use(await appForFile(testInfo)), { timeout: 90_000 }],
  baseURL: async ({ app }, use) => use(app.url),
  consoleErrors: async ({ page }, use) => use(consoleErrorsOf(page)),
});

/** Every console error and uncaught exception of a page, with where it came from. */
export function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** The PostgreSQL cluster and S3 server `npm test` started for this run (scripts/test.ts). */
export function sharedServers(): Pick<AppOptions, 'pgAdminUrl' | 's3'> {
  const pgAdminUrl = process.env.TEST_PG_ADMIN_URL;
  const s3 = process.env.TEST_S3_JSON;
  if (!pgAdminUrl || !s3) throw new Error('PostgreSQL and S3 are started by `npm test`; run the browser journeys through it');
  return { pgAdminUrl, s3: JSON.parse(s3) };
}

/** Signs up a new person through the form (opening it unless already there) and waits for "My listings". */
export async function signUpInBrowser(page: Page, name: string, emailPrefix: string, { navigate = true } = {}) {
  if (navigate) await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${emailPrefix}-${randomBytes(4).toString('hex')}@example.test`);
  await page.getByLabel('Password').fill('a sturdy password 42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  // Generous: the first sign-up on a cold server also loads the password-strength dictionaries.
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible({ timeout: 30_000 });
}

export { expect };

const shotsDir = path.resolve(import.meta.dirname, '..', 'screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.join(shotsDir, `${name}-${width}.png`), fullPage: true });
}

/** No accessibility violations of any impact (minor included) on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations;
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
