// The last step of S3 presigning, SigV4 query signing, done the way @smithy/signature-v4
// does it but with the signing key kept for the day. The SDK's signer recomputes an HMAC
// per call just to find its cached key, escapes the query twice and clones the request:
// 4x the work of the signature itself, and a gallery page signs 200 URLs. The SDK still
// decides everything else (endpoint, path style, host, query) in s3-presign.ts, and
// s3-presign.test.ts pins every URL to getSignedUrl's, byte for byte.
import { createHash, createHmac } from 'node:crypto';

export interface UnsignedRequest {
  hostname: string;
  port?: number;
  headers: Record<string, string>;
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

// One entry per day and identity; the last one answers without building a lookup key.
let lastKey: { day: string; ctx: SigningContext | null; key: Buffer } = { day: '', ctx: null, key: Buffer.alloc(0) };
const signingKeys = new Map<string, Buffer>();

function signingKey(ctx: SigningContext, day: string) {
  const last = lastKey.ctx;
  if (last && lastKey.day === day && last.accessKeyId === ctx.accessKeyId && last.secretAccessKey === ctx.secretAccessKey
    && last.region === ctx.region && last.service === ctx.service) return lastKey.key;
  const id = `${day}\n${ctx.region}\n${ctx.service}\n${ctx.accessKeyId}\n${ctx.secretAccessKey}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${ctx.secretAccessKey}`, day), ctx.region), ctx.service), 'aws4_request');
    if (signingKeys.size > 50) signingKeys.clear();
    signingKeys.set(id, key);
  }
  lastKey = { day, ctx, key };
  return key;
}

/** What signing needs from a request's headers; the same for every request with those headers. */
export interface PreparedHeaders {
  /** The headers left for the client to send. */
  headers: Record<string, string>;
  /** x-amz-* headers that travel in the query instead. */
  hoisted: Record<string, string>;
  signedHeaders: string;
  canonicalHeaders: string;
}

export function prepareHeaders(request: Pick<UnsignedRequest, 'hostname' | 'port' | 'headers'>, signableHeaders?: Set<string>): PreparedHeaders {
  const expectedHost = `${request.hostname}${request.port != null ? `:${request.port}` : ''}`;
  const headers: Record<string, string> = { ...request.headers, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' };
  if (!headers.host || (headers.host === request.hostname && request.port != null)) headers.host = expectedHost;
  const hoisted: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (GENERATED.has(lower)) delete headers[name];
    else if (lower.startsWith('x-amz-') && !lower.startsWith('x-amz-server-side-encryption')) {
      hoisted[name] = headers[name];
      delete headers[name];
    }
  }
  const canonical: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) {
    const lower = name.toLowerCase();
    const unsignable = ALWAYS_UNSIGNABLE.has(lower) || PRESIGNER_UNSIGNABLE.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
    if (unsignable && !signableHeaders?.has(lower)) continue;
    canonical[lower] = headers[name].replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
  }
  const names = Object.keys(canonical).sort();
  return { headers, hoisted, signedHeaders: names.join(';'), canonicalHeaders: names.map((n) => `${n}:${canonical[n]}\n`).join('') };
}

/** The presigned URL's query string for a request whose headers were prepared. */
export function signQuery(
  prepared: PreparedHeaders,
  request: { method: string; path: string; query: readonly (readonly [string, string])[] },
  ctx: SigningContext,
  options: { expiresIn: number; now?: Date },
): string {
  const longDate = amzDate(options.now ?? new Date());
  const day = longDate.slice(0, 8);
  const scope = `${day}/${ctx.region}/${ctx.service}/aws4_request`;
  const signed: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${ctx.accessKeyId}/${scope}`],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', String(options.expiresIn)],
    ['X-Amz-SignedHeaders', prepared.signedHeaders],
  ];
  if (ctx.sessionToken) signed.push(['X-Amz-Security-Token', ctx.sessionToken]);
  // Escaped once, sorted once: the canonical query is also the URL's query (SigV4 and the
  // SDK's URL builder both sort by escaped name), with the signature put in its place.
  // Pairs, not an object: objects with these names cost 3x the signing itself. A name
  // given twice keeps the later one: the request's query < hoisted headers < signing's own.
  const pairs: [string, string][] = [];
  for (const [name, value] of request.query) if (!(name in prepared.hoisted) && !isTaken(signed, name)) pairs.push([escapeUri(name), escapeUri(value)]);
  for (const name in prepared.hoisted) if (!isTaken(signed, name)) pairs.push([escapeUri(name), escapeUri(prepared.hoisted[name])]);
  for (const [name, value] of signed) pairs.push([escapeUri(name), escapeUri(value)]);
  pairs.sort(byName);
  let canonicalQuery = '';
  for (const [name, value] of pairs) canonicalQuery += `${canonicalQuery === '' ? '' : '&'}${name}=${value}`;
  const canonicalRequest = `${request.method}\n${request.path}\n${canonicalQuery}\n${prepared.canonicalHeaders}\n${prepared.signedHeaders}\nUNSIGNED-PAYLOAD`;
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  pairs.push(['X-Amz-Signature', createHmac('sha256', signingKey(ctx, day)).update(stringToSign).digest('hex')]);
  let url = '';
  for (const [name, value] of pairs.sort(byName)) url += `${url === '' ? '' : '&'}${name}=${value}`;
  return url;
}

function isTaken(pairs: [string, string][], name: string) {
  for (const [taken] of pairs) if (taken === name) return true;
  return false;
}

const byName = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);
