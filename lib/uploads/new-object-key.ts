// Keys for uploaded images, built from ids and the real type only, never from user input.
// Temp keys carry the time they were made, so clean-up can age an object that has no row.
import { randomUUID } from 'node:crypto';
import { extensionFor } from '@/lib/images/sniff';

/** A fresh key under `prefix` (`temp/<sessionId>/` or `listings/<listingId>/`). */
export function newObjectKey(prefix: string, mimeType: string) {
  const ext = extensionFor(mimeType.toLowerCase());
  return prefix.startsWith('temp/') ? `${prefix}${Date.now()}-${randomUUID()}.${ext}` : `${prefix}${randomUUID()}.${ext}`;
}

/** The folder part of a key, with its trailing slash. */
export function prefixOf(key: string) {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
