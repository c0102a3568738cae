// Does the bucket let a browser on the app's origin upload and download directly? A bucket
// without the CORS rule is the most common way a deployment of direct uploads breaks, and
// otherwise shows only as a failed PUT in someone's browser. Asked the way a browser asks:
// an OPTIONS preflight to the very URLs the app hands out, from APP_URL's origin.
import type { StorageDriver } from './driver';

export interface CorsCheck {
  ok: boolean;
  /** What a browser would trip on, in words; empty when ok. */
  problems: string[];
  /** The PutBucketCors configuration that fixes it (`aws s3api put-bucket-cors --cors-configuration`). */
  rule: { CORSRules: { AllowedOrigins: string[]; AllowedMethods: string[]; AllowedHeaders: string[]; ExposeHeaders: string[]; MaxAgeSeconds: number }[] };
}

const PROBE_KEY = 'cors-probe/preflight.png';
const TIMEOUT_MS = 3000;
// What the app signs into an upload URL (s3.ts PUT_SIGNED_HEADERS): a rule must allow both.
const PUT_HEADERS = ['content-type', 'content-length'];

export function corsRuleFor(origin: string): CorsCheck['rule'] {
  return {
    CORSRules: [
      {
        AllowedOrigins: [origin],
        AllowedMethods: ['PUT', 'GET', 'HEAD'],
        AllowedHeaders: ['*'],
        // The browser reads the upload's ETag from the PUT answer.
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3600,
      },
    ],
  };
}

/** null for local storage (same origin as the app: nothing to check). Throws when the bucket does not answer. */
export async function checkBucketCors(storage: StorageDriver, appUrl: string): Promise<CorsCheck | null> {
  if (storage.kind !== 's3') return null;
  const origin = new URL(appUrl).origin;
  const [putUrl, getUrl] = await Promise.all([
    storage.presignPut({ key: PROBE_KEY, contentType: 'image/png', contentLength: 1, expiresIn: 60 }).then((p) => p.url),
    storage.presignGet({ key: PROBE_KEY, expiresIn: 60 }),
  ]);
  const problems = (await Promise.all([preflight(putUrl, origin, 'PUT', PUT_HEADERS), preflight(getUrl, origin, 'GET', [])])).flat();
  return { ok: problems.length === 0, problems, rule: corsRuleFor(origin) };
}

async function preflight(url: string, origin: string, method: string, headers: string[]): Promise<string[]> {
  const res = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      ...(headers.length > 0 ? { 'Access-Control-Request-Headers': headers.join(',') } : {}),
    },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'manual',
  });
  await res.body?.cancel();
  const allowOrigin = res.headers.get('access-control-allow-origin');
  if (!res.ok || (allowOrigin !== origin && allowOrigin !== '*')) {
    return [
      `${method} from ${origin} is not allowed by the bucket's CORS rules (preflight answered ${res.status}${allowOrigin ? `, allowing ${allowOrigin}` : ''})`,
    ];
  }
  const problems: string[] = [];
  const methods = list(res.headers.get('access-control-allow-methods'));
  if (!methods.includes(method.toLowerCase()) && !methods.includes('*')) problems.push(`${method} is not an allowed method`);
  const allowed = list(res.headers.get('access-control-allow-headers'));
  const missing = headers.filter((h) => !allowed.includes(h) && !allowed.includes('*'));
  if (missing.length > 0) problems.push(`${method} does not allow the header${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  // Checked on the PUT, whose answer's ETag the browser reads.
  if (method === 'PUT' && !list(res.headers.get('access-control-expose-headers')).includes('etag')) problems.push('ETag is not an exposed header');
  return problems;
}

function list(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
}
