// Serves the local driver's signed URLs (app/api/storage/[...key]/route.ts) the way S3
// serves presigned ones: a refused request gets 403 with a small S3-style XML error and
// changes nothing; an upload is written only if every byte it was signed for arrives.
import { Readable } from 'node:stream';
import { log } from '@/lib/log';
import type { StorageDriver } from './driver';
import { assertSafeKey } from './key';
import type { LocalStorageDriver } from './local';
import { BodyLengthError } from './local-files';
import { sameEtag } from './same-etag';

const NO_SNIFF = { 'X-Content-Type-Options': 'nosniff' };

export async function serveLocalStorage(request: Request, key: string, storage: StorageDriver): Promise<Response> {
  const refuse = (status: number, code: string, message: string, extra?: Record<string, string>) => {
    // A refused transfer shows in someone's browser only as a failed request: say why here.
    log.warn({ method: request.method, key, status, code, reason: message }, 'storage request refused');
    return s3Error(status, code, message, extra);
  };
  // With S3 configured, URLs point at the bucket and this route serves nothing. The driver
  // may come from another bundle, so its kind is asked, never its class.
  if (storage.kind !== 'local') return refuse(404, 'NoSuchBucket', 'Local storage is not enabled: this server stores in S3');
  const driver = storage as LocalStorageDriver;
  const method = request.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
    return refuse(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource', { Allow: 'GET, HEAD, PUT' });
  }
  try {
    assertSafeKey(key);
  } catch {
    return refuse(403, 'AccessDenied', 'Invalid key');
  }
  // HEAD is GET without a body, so a download URL may be used for either (S3 signs
  // the verb and would refuse; nothing is revealed that GET would not show).
  const verdict = driver.verifyRequest(method === 'PUT' ? 'PUT' : 'GET', key, new URL(request.url).searchParams, request.headers);
  if (!verdict.ok) return refuse(403, verdict.code, verdict.message);
  return method === 'PUT' ? receive(request, key, driver, refuse) : send(request, key, driver, verdict);
}

type Refuse = (status: number, code: string, message: string) => Response;

async function receive(request: Request, key: string, driver: LocalStorageDriver, refuse: Refuse): Promise<Response> {
  // The signature covered this exact header, so it is the length the URL was made for.
  const expectedLength = Number(request.headers.get('content-length'));
  const contentType = request.headers.get('content-type') ?? '';
  try {
    const { etag } = await driver.writeUpload(key, request.body ?? emptyBody(), contentType, expectedLength);
    return new Response(null, { status: 200, headers: { ETag: etag, ...NO_SNIFF } });
  } catch (err) {
    if (err instanceof BodyLengthError) {
      return refuse(403, 'IncompleteBody', 'The body does not have the number of bytes specified by Content-Length');
    }
    throw err;
  }
}

async function send(
  request: Request,
  key: string,
  driver: LocalStorageDriver,
  signed: { expires: number; responseContentType?: string; responseContentDisposition?: string },
): Promise<Response> {
  const object = await driver.openForServe(key);
  if (!object) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  const headers = {
    'Content-Type': signed.responseContentType ?? object.contentType ?? 'application/octet-stream',
    'Content-Disposition': signed.responseContentDisposition ?? 'inline',
    'Content-Length': String(object.stat.size),
    // Never cached past the URL's own expiry, and only by the requester.
    'Cache-Control': `private, max-age=${Math.max(0, signed.expires - driver.nowSeconds())}`,
    'Last-Modified': object.stat.mtime.toUTCString(),
    ETag: object.etag,
    // Served from the app's own origin: an uploaded file must never run as a page.
    'Content-Security-Policy': 'sandbox',
    ...NO_SNIFF,
  };
  const ifNoneMatch = request.headers.get('if-none-match');
  if (request.method === 'HEAD' || (ifNoneMatch && sameEtag(ifNoneMatch, object.etag))) {
    await object.handle.close();
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const { 'Content-Length': _length, ...notModified } = headers;
    return new Response(null, { status: 304, headers: notModified });
  }
  const stream = object.handle.createReadStream({ start: 0 });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
}

function emptyBody(): AsyncIterable<Uint8Array> {
  return (async function* () {})();
}

function s3Error(status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
  return new Response(xml, { status, headers: { 'Content-Type': 'application/xml', ...NO_SNIFF, ...extra } });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&amp;'));
}
