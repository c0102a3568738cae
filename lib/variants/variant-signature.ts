// Variant URLs are signed: an HMAC-SHA256 over the image id, preset, format, preset version
// and expiry, with the first key of IMAGE_URL_SECRET; any of its keys verifies, so a key is
// rotated by putting a new one first and dropping the old one once its URLs have expired
// (a published image's URL never expires: dropping a key re-signs them on the next page).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const REQUEST_FORMATS = ['auto', 'avif', 'webp', 'jpeg'] as const;
export type RequestFormat = (typeof REQUEST_FORMATS)[number];

export interface SignedVariant {
  imageId: string;
  preset: string;
  format: RequestFormat;
  version: string;
  /** Unix seconds; null: never expires (published images). */
  expires: number | null;
}

const SIG_BYTES = 16; // 128 bits: unforgeable, and 22 characters in a URL

/** The keys of an IMAGE_URL_SECRET value, in order (the first signs). */
export function urlKeys(secret: string): string[] {
  return secret
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}

// JSON framing keeps the fields unambiguous whatever they hold.
function signedFields(v: SignedVariant) {
  return JSON.stringify(['imagedock-variant-v1', v.imageId, v.preset, v.format, v.version, v.expires]);
}

function mac(key: string, fields: string) {
  return createHmac('sha256', key).update(fields).digest().subarray(0, SIG_BYTES);
}

// A page of 100 images signs 400 URLs, and the very same ones on every view until they
// expire (an hour boundary; never, once published): an HMAC is ~3 µs, a lookup far less.
// Bounded, and forgotten whenever the signing key changes.
const REMEMBERED_SIGNATURES = 10_000;
let remembered = { key: '', signatures: new Map<string, string>() };

export function signVariant(keys: readonly string[], v: SignedVariant): string {
  if (keys.length === 0) throw new Error('IMAGE_URL_SECRET has no key');
  const fields = signedFields(v);
  if (remembered.key !== keys[0]) remembered = { key: keys[0], signatures: new Map() };
  let signature = remembered.signatures.get(fields);
  if (signature === undefined) {
    signature = mac(keys[0], fields).toString('base64url');
    if (remembered.signatures.size >= REMEMBERED_SIGNATURES) remembered.signatures.clear();
    remembered.signatures.set(fields, signature);
  }
  return signature;
}

/** True when `signature` was made by one of `keys` over exactly these fields. */
export function verifyVariant(keys: readonly string[], v: SignedVariant, signature: string): boolean {
  const provided = Buffer.from(signature, 'base64url');
  // Only the canonical spelling: base64's last character has spare bits decoding drops.
  if (provided.length !== SIG_BYTES || provided.toString('base64url') !== signature) return false;
  const fields = signedFields(v);
  let ok = false;
  for (const key of keys) ok = timingSafeEqual(mac(key, fields), provided) || ok;
  return ok;
}

/** The query string of a signed variant URL: `f=…&exp=…&sig=…` (no `exp` when it never expires). */
export function variantQuery(keys: readonly string[], v: SignedVariant) {
  const exp = v.expires === null ? '' : `&exp=${v.expires}`;
  return `f=${v.format}${exp}&sig=${signVariant(keys, v)}`;
}
