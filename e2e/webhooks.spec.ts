// Journey: a user adds a webhook endpoint on /settings/webhooks (the secret shown once, with
// copy), sends a test event, sees it delivered with its response code, sees a failed
// delivery and retries it, and reloads to find the secret gone. A loopback receiver verifies
// every delivery's signature with `standardwebhooks`.
import type { Page } from '@playwright/test';
import { startReceiver, type Receiver } from '../test/infra/webhook-receiver';
import { expect, expectAccessible, screenshot as fullPageShot, signUpInBrowser, consoleErrorsOf, test as base } from './fixtures';

// From the top, so the sticky top bar is drawn where it belongs in a full-page shot.
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

const test = base.extend<object, { receiver: Receiver }>({
  receiver: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern, so it must be one
    async ({}, use) => {
      const receiver = await startReceiver();
      await use(receiver);
      await receiver.close();
    },
    { scope: 'worker' },
  ],
});

// This journey's app may deliver to loopback (the receiver); otherwise it is the shared cold
// app, whose first request is the sign-up page.
test.use({ appEnv: { WEBHOOK_ALLOW_PRIVATE: 'true' } });

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 600 ? 800 : 740 }, permissions: ['clipboard-read', 'clipboard-write'] });

    test('add an endpoint, copy its secret once, send a test event, retry a failed delivery', async ({ page, receiver }) => {
      test.setTimeout(120_000);
      const consoleErrors = consoleErrorsOf(page);
      await signUpInBrowser(page, 'Wendy Hook', 'hooks');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
      await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
      await expect(page.getByText('No endpoints yet')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'webhooks-empty');

      const path = `/hooks-${width}`;
      await page.getByLabel('Endpoint URL').fill(`${receiver.url}${path}`);
      await page.getByRole('checkbox', { name: /image\.deleted/ }).uncheck();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await expect(page.getByRole('heading', { name: /Signing secret for/ })).toBeFocused();
      await expect(page.getByText('won’t be shown again')).toBeVisible();
      const secret = (await page.locator('#new-webhook-secret').textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      receiver.secrets = [secret];
      await expectAccessible(page);
      await screenshot(page, 'webhooks-created');
      await page.getByRole('button', { name: 'I’ve saved it' }).click();
      await expect(page.locator('#new-webhook-secret')).toHaveCount(0);

      // A test event: delivered, signed with that secret, shown with its answer.
      const card = page.getByRole('region', { name: `${receiver.url}${path}` });
      await expect(card.getByText('Active')).toBeVisible();
      await card.getByRole('button', { name: 'Send test event' }).click();
      const mine = () => receiver.received.filter((r) => r.path === path);
      await receiver.waitFor(() => mine().length === 1);
      expect(mine()[0].event.type).toBe('webhook.test');
      expect(mine()[0].verifiedBy).toEqual([secret]);
      // The body's rows, newest first (at phone widths the header row is not shown at all).
      const rows = card.getByRole('table', { name: 'Recent deliveries' }).getByRole('rowgroup').last().getByRole('row');
      await expect(rows.first()).toContainText('webhook.test');
      await expect(rows.first()).toContainText('delivered');
      await expect(rows.first()).toContainText('200');

      // The receiver starts failing: the next test event shows the failure and its answer.
      receiver.respond = (req) => (req.url === path ? { status: 500, body: 'receiver is down' } : { status: 200 });
      await card.getByRole('button', { name: 'Send test event' }).click();
      await receiver.waitFor(() => mine().length === 2);
      await expect(rows.first()).toContainText('500');
      await expect(rows.first()).toContainText('receiver is down');
      await expect(rows.first()).toContainText('pending');
      await expect(card.getByText('Failing', { exact: true })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'webhooks-failing');

      // Fixed: a retry by hand delivers it, with the same webhook-id.
      receiver.respond = () => ({ status: 200 });
      await rows
        .first()
        .getByRole('button', { name: /^Retry/ })
        .click();
      await receiver.waitFor(() => mine().length >= 3);
      expect(mine()[2].id).toBe(mine()[1].id);
      await expect(rows.first()).toContainText('delivered');
      await expect(card.getByText('Active')).toBeVisible();
      await screenshot(page, 'webhooks-retried');

      // The secret is never shown again.
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
      expect(await page.content()).not.toContain(secret);
      expect(consoleErrors).toEqual([]);
    });
  });
}
