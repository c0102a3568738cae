// The page CSP in real Chromium on PostgreSQL + S3, where images and presigned PUTs go to
// another origin than the app's: the gallery still uploads and shows its thumbnails, no
// directive is violated, and a request to an origin the CSP does not name is blocked.
// (e2e/gallery.spec.ts covers the embedded mode, where storage is the app's own origin.)
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import { startApp, type RunningApp } from '../infra/app';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe.runIf(inject('pgAdminUrl') && inject('s3'))('the page CSP in Chromium on PostgreSQL + S3', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({ database: 'postgres', storage: 's3', pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3') }),
      chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('uploads to S3 and renders the thumbnail with no violation, and blocks an origin it does not name', async () => {
    const page = await browser.newPage({ baseURL: app.url });
    const errors: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (err) => errors.push(err.message));
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Cora CSP');
    await page.getByLabel('Email').fill(`csp-${randomBytes(4).toString('hex')}@example.test`);
    await page.getByLabel('Password').fill('a sturdy password 42');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'My listings' }).waitFor();
    await page.getByRole('link', { name: 'New listing' }).click();
    await page.waitForURL(/\/listings\/new\?session=sess_/);
    await page.getByLabel('Title').fill('Harbour');
    await page.getByLabel('Upload images').setInputFiles([{ name: 'harbour.png', mimeType: 'image/png', buffer: makePng(320, 240) }]);
    const view = page.getByRole('button', { name: 'View harbour.png' });
    await view.waitFor({ timeout: 45_000 }).catch(async (err) => {
      throw new Error(
        `${(err as Error).message}\nviolations: ${JSON.stringify(await page.evaluate(() => window.cspViolations))}\nerrors: ${JSON.stringify(errors)}\n${(await page.locator('main').textContent())?.slice(0, 500)}`,
      );
    });
    const thumbnail = view.locator('img');
    await expect.poll(() => thumbnail.getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
    // The thumbnail really came from the bucket, not the app.
    expect(new URL((await thumbnail.getAttribute('src'))!).origin).toBe(new URL(app.env.S3_ENDPOINT).origin);
    expect(await page.evaluate(() => window.cspViolations ?? [])).toEqual([]);
    expect(errors).toEqual([]);

    await page.evaluate(() => fetch('http://127.0.0.1:9/elsewhere').catch(() => undefined));
    await expect.poll(() => page.evaluate(() => window.cspViolations ?? [])).toEqual(['connect-src http://127.0.0.1:9/elsewhere']);
  }, 120_000);
});
