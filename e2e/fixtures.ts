// A cold app for every spec file (PGlite + local disk, APP_URL unset, as a fresh `npm start`
// runs), reached at 127.0.0.1 with a page as its first request (the server notes its first
// request, and the test that made it fails unless it was a page); screenshots under
// screenshots/, and axe checks.
// Any test may be the first on its file's server (a failure restarts the worker, --grep runs
// one), so every test opens a page in the browser before it calls the API or fetches anything.
import { test as base, expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startApp, type AppOptions, type RunningApp } from '../test/infra/app';
import { clientFor, type Client } from '../test/infra/client';

// The worker's app for the spec file it is running; a new file gets a new, cold server.
let current: { file: string; app: RunningApp; firstChecked: boolean } | null = null;

async function appForFile(testInfo: TestInfo, env: Record<string, string>): Promise<RunningApp> {
  const file = `${testInfo.file} ${JSON.stringify(env)}`;
  if (current?.file !== file) {
    await current?.app.stop();
    current = null;
    // No warm-up: nothing requests anything until the test's first page.
    const app = await startApp({ database: 'pglite', storage: 'local', appUrl: null, ready: 'listening', recordFirstRequest: true, env });
    current = { file, app, firstChecked: false };
  }
  return current.app;
}

/** The cold server's first request was a page the browser opened: no API call, health poll or Node fetch. */
export function expectPageFirst(app: RunningApp) {
  const first = app.firstRequest();
  expect(first, 'the cold server has had no request yet').not.toBeNull();
  expect(first, `a cold server's first request must be a page the browser opens, not ${first?.method} ${first?.url}`).toMatchObject({
    method: 'GET',
    mode: 'navigate',
    dest: 'document',
  });
}

// biome-ignore lint/suspicious/noConfusingVoidType: Playwright's type for a worker fixture that gives no value
export const test = base.extend<{ consoleErrors: string[]; app: RunningApp }, { stopLastApp: void; appEnv: Record<string, string> }>({
  /** More environment for this file's app (`test.use({ appEnv })` at the top of the file). */
  appEnv: [{}, { scope: 'worker', option: true }],
  stopLastApp: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern, so it must be one
    async ({}, use) => {
      await use();
      await current?.app.stop();
      current = null;
    },
    { scope: 'worker', auto: true },
  ],
  app: [
    async ({ appEnv }, use, testInfo) => {
      const app = await appForFile(testInfo, appEnv);
      await use(app);
      // Checked once per server, after the first test that asked it anything.
      if (current?.app === app && !current.firstChecked && app.firstRequest()) {
        current.firstChecked = true;
        expectPageFirst(app);
      }
    },
    { timeout: 90_000 },
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

/** The PostgreSQL cluster and S3 server `npm test` started for this run (scripts/test.ts). */
export function sharedServers(): Pick<AppOptions, 'pgAdminUrl' | 's3'> {
  const pgAdminUrl = process.env.TEST_PG_ADMIN_URL;
  const s3 = process.env.TEST_S3_JSON;
  if (!pgAdminUrl || !s3) throw new Error('PostgreSQL and S3 are started by `npm test`; run the browser journeys through it');
  return { pgAdminUrl, s3: JSON.parse(s3) };
}

/**
 * Signs up a new person through the form (opening it unless already there), waits for "My
 * listings", and returns the address used (`emailPrefix` and a random tail unless `email`).
 */
export async function signUpInBrowser(
  page: Page,
  name: string,
  emailPrefix: string,
  { navigate = true, email = `${emailPrefix}-${randomBytes(4).toString('hex')}@example.test`, password = 'a sturdy password 42' } = {},
) {
  if (navigate) await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  // Generous: the first sign-up on a cold server also loads the password-strength dictionaries.
  await expect(page.getByRole('heading', { name: 'My listings' })).toBeVisible({ timeout: 30_000 });
  return email;
}

/**
 * Signs a person up through the sign-up page in a browser context of their own (so a cold
 * server's first request is that page, as a person's would be) and hands back an API client
 * with their cookies, for the steps a test then does over the API.
 */
export async function signUpClient(
  browser: Browser,
  baseURL: string,
  person: { name: string; emailPrefix: string; email?: string; password?: string },
): Promise<Client> {
  const context = await browser.newContext({ baseURL });
  try {
    const email = await signUpInBrowser(await context.newPage(), person.name, person.emailPrefix, person);
    const cookie = (await context.cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
    const client = clientFor(baseURL, cookie, { id: '', email, name: person.name });
    const session = await client.json<{ user: Client['user'] } | null>('/api/auth/get-session');
    if (!session.body) throw new Error(`no session after signing up ${email}: ${session.status}`);
    return { ...client, user: session.body.user };
  } finally {
    await context.close();
  }
}

export { expect };

const shotsDir = path.resolve(import.meta.dirname, '..', 'screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.join(shotsDir, `${name}-${width}.png`), fullPage: true });
}

/**
 * No accessibility violations of any impact (minor included) on the current page. Its title
 * is asserted first, and waited for: once in CI axe found no title on "My listings", whose
 * server HTML has it in <head> (the client's metadata boundary hydrates it), so a page with
 * no title still fails here, by name, and a moment during hydration does not.
 */
export async function expectAccessible(page: Page) {
  await expect(page).toHaveTitle(/imagedock/);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations;
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
