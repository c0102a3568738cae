// On local disk, stored objects reach browsers only through the app's own storage route, a
// bundle of its own: the driver answering is not enough. This fetches a signed URL of a probe
// object through that route over loopback, as a browser would.
import type { StorageDriver } from '@/lib/storage/driver';
import { selfOrigin } from '@/lib/origin/request-origin';
import { processWide } from '@/lib/process-wide';

const PROBE_KEY = 'health/probe.txt';
const PROBE_BODY = Buffer.from('imagedock storage probe\n');

export async function probeStorageRoute(storage: StorageDriver, signal: AbortSignal): Promise<void> {
  if (storage.kind !== 'local') return;
  const written = processWide('healthProbeWritten', () => ({ done: false }));
  if (!written.done) {
    await storage.put({ key: PROBE_KEY, body: PROBE_BODY, contentType: 'text/plain' });
    written.done = true;
  }
  const signed = new URL(await storage.presignGet({ key: PROBE_KEY, expiresIn: 60 }), 'http://relative.invalid');
  const res = await fetch(`${selfOrigin()}${signed.pathname}${signed.search}`, { signal });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status === 404) written.done = false; // removed behind our back: written again next time
  if (res.status !== 200 || !body.equals(PROBE_BODY)) {
    throw new Error(`the storage route answered ${res.status} for a signed probe URL: ${body.toString('utf8', 0, 200)}`);
  }
}
