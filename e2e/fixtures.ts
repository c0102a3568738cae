// One app per worker (PGlite + local disk), screenshots under screenshots/, and axe checks.
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startApp, type RunningApp } from '../test/infra/app';

export const test = base.extend<{ consoleErrors: string[] }, { app: RunningApp }>({
  app: [
    async ({}, use) => {
      const app = await startApp({ database: 'pglite', storage: 'local' });
      await use(app);
      await app.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
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

/** Signs up a new person through the form and waits for "My listings". */
export async function signUpInBrowser(page: Page, name: string, emailPrefix: string) {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${emailPrefix}-${randomBytes(4).toString('hex')}@example.test`);
  await page.getByLabel('Password').fill('a sturdy password 42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible();
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
