// Journey: a user creates an API key (shown once, copied), a service posts generated PNGs with
// it, the user pages, filters, views, moves one to "printed" and deletes it, then revokes the
// key and the service is refused.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect, expectAccessible, screenshot as fullPageShot, test, consoleErrorsOf, signUpInBrowser } from './fixtures';

// Full-page shots from the top (a sticky top bar would otherwise be drawn where the page was
// scrolled to); a modal is shot as the viewport shows it.
async function screenshot(page: Page, name: string, { modal = false } = {}) {
  if (modal) {
    const width = page.viewportSize()?.width ?? 0;
    await page.screenshot({ path: path.resolve(import.meta.dirname, '..', 'screenshots', `${name}-${width}.png`) });
    return;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

const PROMPT = 'A lighthouse at dusk, oil on canvas, warm light spilling across a stormy sea with gulls circling the lantern room';
const PAGE_SIZE = 24;

const signUp = (page: Page) => signUpInBrowser(page, 'Sam Service', 'service');

/** What a service does: POST /api/images with its key, from outside the browser. */
async function postImage(baseUrl: string, key: string, prompt: string, metadata?: Record<string, unknown>) {
  return fetch(`${baseUrl}/api/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ prompt, imageData: makePng(64, 48).toString('base64'), ...(metadata ? { metadata } : {}) }),
  });
}

const cards = (page: Page) => page.getByRole('list', { name: 'Generated images' }).getByRole('listitem');

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 600 ? 800 : 740 }, permissions: ['clipboard-read', 'clipboard-write'] });

    test('API key, generated images, stages, delete, revoke', async ({ page, baseURL }) => {
      test.setTimeout(120_000);
      const consoleErrors = consoleErrorsOf(page);
      await signUp(page);

      // Nothing posted yet: the page says how to post the first image.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Generated' }).click();
      await expect(page.getByRole('heading', { name: 'No generated images yet' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Example request' })).toContainText('Idempotency-Key');
      await expect(page.getByRole('region', { name: 'Example request' })).toContainText(`${baseURL}/api/images`);
      await expectAccessible(page);
      await screenshot(page, 'generated-empty');

      await page.getByRole('link', { name: 'Create an API key' }).click();
      await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
      await expect(page.getByText('No keys yet')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'keys-empty');

      // Create: the secret is shown once, with a working copy button.
      await page.getByLabel('Name').fill('Render worker');
      await page.getByRole('button', { name: 'Create key' }).click();
      await expect(page.getByRole('heading', { name: /Your new key/ })).toBeFocused();
      await expect(page.getByText('won’t be shown again')).toBeVisible();
      const secret = (await page.locator('#new-key-secret').textContent())!.trim();
      expect(secret.length).toBeGreaterThan(20);
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      const row = page.getByRole('list', { name: 'API keys' }).getByRole('listitem').filter({ hasText: 'Render worker' });
      await expect(row).toContainText('Never');
      await expectAccessible(page);
      await screenshot(page, 'keys-created');

      // Listed without the secret, before and after a reload.
      await page.getByRole('button', { name: 'I’ve saved it' }).click();
      await expect(page.locator('#new-key-secret')).toHaveCount(0);
      await page.reload();
      await expect(row).toContainText(`${secret.slice(0, 10)}…`);
      expect(await page.content()).not.toContain(secret);
      const listed = await page.request.get('/api/keys');
      expect(await listed.text()).not.toContain(secret);
      await screenshot(page, 'keys-list');

      // A service posts with the key: one with a long prompt and metadata, then a page's worth more.
      const first = await postImage(baseURL!, secret, PROMPT, { model: 'test-diffusion-2', seed: 42 });
      expect(first.status).toBe(201);
      const { id: firstId } = (await first.json()) as { id: string };
      for (let batch = 0; batch < PAGE_SIZE; batch += 6) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(6, PAGE_SIZE - batch) }, (_, i) => postImage(baseURL!, secret, `Test pattern ${batch + i + 2}`)),
        );
        expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
      }

      await page.reload();
      await expect(row).not.toContainText('Never'); // last used is recorded
      await page.goto('/generated');
      await expect(cards(page)).toHaveCount(PAGE_SIZE);
      const card = cards(page).filter({ hasText: 'A lighthouse at dusk' });
      await expect(card.getByText('Generated', { exact: true })).toBeVisible();
      await expect(card.locator('img')).toHaveAttribute('data-loaded', 'true');
      await expect(page.getByRole('link', { name: 'All', exact: true })).toHaveAttribute('aria-current', 'page');
      await expectAccessible(page);
      await screenshot(page, 'generated-grid');
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect(cards(page)).toHaveCount(PAGE_SIZE + 1);
      await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

      // Full-size view: the whole prompt and the metadata; move it to "printed".
      const opener = card.getByRole('button', { name: /^View A lighthouse at dusk/ });
      await opener.click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByText(PROMPT)).toBeVisible();
      await expect(dialog.getByText('test-diffusion-2')).toBeVisible();
      await expect(dialog.getByText('64 × 48 px')).toBeVisible();
      await expect(dialog.locator('img')).toHaveAttribute('data-loaded', 'true');
      await expectAccessible(page);
      await screenshot(page, 'generated-view', { modal: true });
      const patched = page.waitForResponse((r) => r.url().endsWith(`/api/images/${firstId}/stage`) && r.status() === 200);
      await dialog.getByLabel('Change stage').selectOption('printed');
      await patched;
      await expect(dialog.getByRole('status').filter({ hasText: 'Stage saved: Printed' })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(opener).toBeFocused();
      await expect(card.getByText('Printed', { exact: true })).toBeVisible();

      // Filters: only the printed one under "Printed"; none under "Ordered".
      const filters = page.getByRole('navigation', { name: 'Filter by stage' });
      await filters.getByRole('link', { name: 'Printed' }).click();
      await expect(page).toHaveURL(/\/generated\?stage=printed$/);
      await expect(filters.getByRole('link', { name: 'Printed' })).toHaveAttribute('aria-current', 'page');
      await expect(cards(page)).toHaveCount(1);
      await expect(cards(page).first()).toContainText('A lighthouse at dusk');
      await expectAccessible(page);
      await screenshot(page, 'generated-printed');
      await filters.getByRole('link', { name: 'Ordered' }).click();
      await expect(page.getByRole('heading', { name: 'Nothing ordered yet' })).toBeVisible();
      await expectAccessible(page);

      // A service marks one "deleted": gone from All, listed under Deleted.
      const listed2 = await fetch(`${baseURL}/api/images?source=generated&limit=2`, { headers: { authorization: `Bearer ${secret}` } });
      const secondId = ((await listed2.json()) as { items: { id: string }[] }).items[1].id;
      const softDeleted = await fetch(`${baseURL}/api/images/${secondId}/stage`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ stage: 'deleted' }),
      });
      expect(softDeleted.status).toBe(200);
      await filters.getByRole('link', { name: 'Deleted' }).click();
      await expect(cards(page)).toHaveCount(1);
      await expect(cards(page).first().getByText('Deleted', { exact: true })).toBeVisible();
      await filters.getByRole('link', { name: 'All', exact: true }).click();
      await expect(cards(page)).toHaveCount(PAGE_SIZE);
      await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

      // Delete for good, after a confirm.
      await filters.getByRole('link', { name: 'Printed' }).click();
      await expect(cards(page)).toHaveCount(1);
      await cards(page)
        .first()
        .getByRole('button', { name: /^View / })
        .click();
      await dialog.getByRole('button', { name: 'Delete image' }).click();
      await expect(dialog.getByText('This cannot be undone')).toBeVisible();
      const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.status() === 204);
      await dialog.getByRole('button', { name: 'Yes, delete' }).click();
      await deleted;
      await expect(dialog).toBeHidden();
      await expect(cards(page)).toHaveCount(0);
      const gone = await fetch(`${baseURL}/api/images/${firstId}`, { headers: { authorization: `Bearer ${secret}` } });
      expect(gone.status).toBe(404);

      // Revoke, after a confirm: the key stops working at once.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
      await page.getByRole('button', { name: 'Revoke Render worker' }).click();
      await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await expectAccessible(page);
      const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.status() === 204);
      await page.getByRole('button', { name: 'Yes, revoke' }).click();
      await revoked;
      await expect(page.getByText('No keys yet')).toBeVisible();
      // The last key is gone with its row: the focus goes to the name field, not to <body>.
      await expect(page.getByLabel('Name')).toBeFocused();
      const refused = await postImage(baseURL!, secret, 'after revoke');
      expect(refused.status).toBe(401);
      await page.reload();
      await expect(page.getByText('No keys yet')).toBeVisible();

      expect(consoleErrors).toEqual([]);
    });
  });
}
