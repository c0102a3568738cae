// The last step of S3 presigning, SigV4 query signing, done the way @smithy/signature-v4
// does it but with the signing key kept for the day. The SDK's signer recomputes an HMAC
// per call just to find its cached key, escapes the query twice and clones the request:
// 4x the work of the signature itself, and a gallery page signs 200 URLs. The SDK still
// decides everything else (endpoint, path style, host, query) in s3-presign.ts, and
// s3-presign.test.ts pins every URL to getSignedUrl's, byte for byte.
import { createHash, createHmac } from 'node:crypto';

export interface UnsignedRequest {
  method: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface SigningContext {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}

const ALWAYS_UNSIGNABLE = new Set(['authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id']);
// The S3 presigner never signs content-type unless asked to (signableHeaders).
const PRESIGNER_UNSIGNABLE = new Set(['content-type']);
const GENERATED = new Set(['authorization', 'x-amz-date', 'date']);

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const escapeUri = (value: string) =>
  UNRESERVED.test(value) ? value : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// X-Amz-Date changes once a second: format it once a second.
let dateCache = { second: -1, longDate: '' };
function amzDate(now: Date) {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== dateCache.second) dateCache = { second, longDate: now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '') };
  return dateCache.longDate;
}
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

const signingKeys = new Map<string, Buffer>();

function signingKey(ctx: SigningContext, day: string) {
  const id = `${day}\n${ctx.region}\n${ctx.service}\n${ctx.accessKeyId}\n${ctx.secretAccessKey}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${ctx.secretAccessKey}`, day), ctx.region), ctx.service), 'aws4_request');
    if (signingKeys.size > 50) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

/** The presigned URL's query string, and the headers left for the client to send. */
export function presignRequest(request: UnsignedRequest, ctx: SigningContext, options: { expiresIn: number; signableHeaders?: Set<string>; now?: Date }) {
  const longDate = amzDate(options.now ?? new Date());
  const day = longDate.slice(0, 8);
  const scope = `${day}/${ctx.region}/${ctx.service}/aws4_request`;
  const expectedHost = `${request.hostname}${request.port != null ? `:${request.port}` : ''}`;
  const headers: Record<string, string> = { ...request.headers, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' };
  if (!headers.host || (headers.host === request.hostname && request.port != null)) headers.host = expectedHost;
  const query: Record<string, string> = { ...request.query };
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (GENERATED.has(lower)) delete headers[name];
    else if (lower.startsWith('x-amz-') && !lower.startsWith('x-amz-server-side-encryption')) {
      query[name] = headers[name];
      delete headers[name];
    }
  }
  if (ctx.sessionToken) query['X-Amz-Security-Token'] = ctx.sessionToken;
  query['X-Amz-Algorithm'] = 'AWS4-HMAC-SHA256';
  query['X-Amz-Credential'] = `${ctx.accessKeyId}/${scope}`;
  query['X-Amz-Date'] = longDate;
  query['X-Amz-Expires'] = String(options.expiresIn);

  const canonical: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) {
    const lower = name.toLowerCase();
    const unsignable = ALWAYS_UNSIGNABLE.has(lower) || PRESIGNER_UNSIGNABLE.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
    if (unsignable && !options.signableHeaders?.has(lower)) continue;
    canonical[lower] = headers[name].replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
  }
  const names = Object.keys(canonical).sort();
  query['X-Amz-SignedHeaders'] = names.join(';');
  // Escaped once, sorted once: the canonical query is also the URL's query (SigV4 and the
  // SDK's URL builder both sort by escaped name), with the signature put in its place.
  const pairs = Object.keys(query).map((k) => [escapeUri(k), escapeUri(query[k])] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalQuery = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const canonicalRequest = `${request.method}\n${request.path}\n${canonicalQuery}\n${names.map((n) => `${n}:${canonical[n]}`).join('\n')}\n\n${names.join(';')}\nUNSIGNED-PAYLOAD`;
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(ctx, day)).update(stringToSign).digest('hex');
  const at = pairs.findIndex(([k]) => k > 'X-Amz-Signature');
  const withSignature = [...pairs];
  withSignature.splice(at === -1 ? pairs.length : at, 0, ['X-Amz-Signature', signature]);
  return { headers, queryString: withSignature.map(([k, v]) => `${k}=${v}`).join('&') };
}
