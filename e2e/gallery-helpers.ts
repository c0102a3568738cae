// What the gallery journeys share: test pictures, the grid as a person reads it, and "this
// image is on screen" meaning the browser decoded real pixels, not that an <img> tag exists.
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { makePng } from '../test/fixtures/images';
import { expect } from './fixtures';

/** A distinguishable picture: one gradient turned to `hue`. */
export async function png(name: string, hue: number, width = 640, height = 480) {
  return { name, mimeType: 'image/png', buffer: await sharp(makePng(width, height)).modulate({ hue }).png().toBuffer() };
}

/** The gallery's tiles, in grid order. */
export const tiles = (page: Page) => page.getByRole('list', { name: 'Images' }).getByRole('listitem');

/** Filenames in grid order, read from the drag handles' names. */
export const tileOrder = (page: Page) =>
  page.getByRole('button', { name: /^Reorder / }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!.replace('Reorder ', '')));

/** The image has finished loading and has pixels. */
export async function expectDecoded(image: Locator, timeout = 15_000) {
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout }).toBe(true);
}

/** The button named `name` (a tile's or a card's "View …") is shown with its decoded image. */
export async function expectViewable(page: Page, name: string | RegExp) {
  const view = page.getByRole('button', { name }).first();
  // Generous: confirming makes a thumbnail with sharp, slow on a busy two-core CI box.
  await expect(view).toBeVisible({ timeout: 30_000 });
  await expectDecoded(view.locator('img'));
}

/** An uploaded file's tile: confirmed, its thumbnail decoded and faded in. */
export async function expectUploaded(page: Page, filename: string) {
  await expectViewable(page, `View ${filename}`);
  await expect(page.getByRole('button', { name: `View ${filename}` }).locator('img')).toHaveAttribute('data-loaded', 'true');
}

/** A draft listing made over the API, opened in the browser. */
export async function openNewListing(page: Page, baseURL: string, title: string) {
  const created = await page.request.post('/api/listings', { data: { title }, headers: { Origin: baseURL } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/listings/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return id;
}

/** Chosen in the file picker, and each one's tile uploaded. */
export async function addImages(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByLabel('Upload images').setInputFiles(files);
  for (const file of files) await expectUploaded(page, file.name);
}

type PickedFile = { name: string; mimeType: string; buffer: Buffer };

/** Files carried by a DataTransfer as the browser builds one, dispatched on `target` in an event. */
async function dispatchWithFiles(target: Locator, kind: 'drop' | 'paste', files: PickedFile[]) {
  await target.evaluate(
    (el, { kind, files }) => {
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.mimeType }));
      const init = { bubbles: true, cancelable: true };
      el.dispatchEvent(
        kind === 'drop' ? new DragEvent('drop', { ...init, dataTransfer: data }) : new ClipboardEvent('paste', { ...init, clipboardData: data }),
      );
    },
    { kind, files: files.map((f) => ({ name: f.name, mimeType: f.mimeType, bytes: [...f.buffer] })) },
  );
}

/** Dropped onto the upload box, as a drag from the desktop ends. */
export const dropImages = (page: Page, files: PickedFile[]) => dispatchWithFiles(page.getByLabel('Upload images').locator('..'), 'drop', files);

/** Pasted with the page's focus on `target` (the page body unless given). */
export const pasteImages = (page: Page, files: PickedFile[], target: Locator = page.locator('body')) => dispatchWithFiles(target, 'paste', files);

/**
 * Holds the browser's POST /api/listings (the draft /listings/new makes as it opens) until the
 * test answers it: sent on to the server, failed with a 500 as the server words one, or cut off.
 */
export async function holdDraftCreation(page: Page) {
  let answer!: (how: 'send' | 'fail' | 'abort') => void;
  const decided = new Promise<'send' | 'fail' | 'abort'>((resolve) => (answer = resolve));
  await page.route('**/api/listings', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const how = await decided;
    if (how === 'send') return route.continue();
    if (how === 'abort') return route.abort('connectionreset');
    return route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'Something went wrong (request req_held)' } } });
  });
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/listings') && r.method() === 'POST');
  return { sent, release: () => answer('send'), fail: () => answer('fail'), abort: () => answer('abort') };
}
