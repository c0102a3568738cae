// Security headers. The static ones (static-headers.ts: nosniff, Referrer-Policy, X-Frame-Options,
// a CSP that forbids framing API answers) are in next.config.ts and reach every answer, 404s and
// errors included. What depends on the running configuration (the page CSP names the storage
// origin; HSTS only when APP_URL is https) is added at request time: by proxy.ts for pages,
// by route() for API answers. next.config.ts headers are fixed at build time, hence the split.
import { env, type Env } from '@/lib/env';

const HSTS = 'max-age=31536000; includeSubDomains';

/** Where the browser fetches images and sends presigned PUTs: the app itself, or the S3 endpoint. */
function storageOrigins(e: Pick<Env, 'APP_URL' | 'storageMode' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_FORCE_PATH_STYLE'>): string[] {
  // Local disk is served by the app itself ('self'); unset APP_URL means whatever address this is.
  if (e.storageMode === 'local') return e.APP_URL ? [new URL(e.APP_URL).origin] : [];
  if (!e.S3_ENDPOINT) {
    // AWS itself: virtual-hosted (bucket.s3.region.amazonaws.com) unless path style is forced.
    const region = e.S3_REGION ?? 'us-east-1';
    return [`https://${e.S3_BUCKET}.s3.${region}.amazonaws.com`, `https://s3.${region}.amazonaws.com`, `https://${e.S3_BUCKET}.s3.amazonaws.com`];
  }
  const endpoint = new URL(e.S3_ENDPOINT);
  const origins = [endpoint.origin];
  if (!e.S3_FORCE_PATH_STYLE) origins.push(`${endpoint.protocol}//${e.S3_BUCKET}.${endpoint.host}`);
  return origins;
}

/**
 * The page CSP. Next's App Router inlines its bootstrap scripts (hence 'unsafe-inline'; a nonce
 * would force every page dynamic); React writes style attributes; placeholders are data: URLs,
 * previews blob: URLs; images and uploads go to the storage origin.
 */
export function pageCsp(e: Parameters<typeof storageOrigins>[0] & Pick<Env, 'NODE_ENV'>) {
  const storage = storageOrigins(e).join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${e.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data: ${storage}`,
    `connect-src 'self' ${storage}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers a page answer gets at request time (proxy.ts). */
export function pageSecurityHeaders(): Record<string, string> {
  const e = env();
  return { 'Content-Security-Policy': pageCsp(e), ...hstsHeader(e) };
}

/** HSTS, only when the app is served over https. */
export function hstsHeader(e: Pick<Env, 'APP_URL'> = env()): Record<string, string> {
  return e.APP_URL?.startsWith('https:') ? { 'Strict-Transport-Security': HSTS } : {};
}
