// Signed URLs for the local-disk driver, with S3's presigned-URL semantics: the method,
// key and expiry are signed, and so are the headers that bind an upload (Content-Type
// and exact Content-Length, which the client sends and we recompute from) or the
// response headers a download must carry (which travel in the query, like S3's
// response-content-type). Anything changed in the URL or the request breaks the MAC.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const PARAM = {
  expires: 'X-Expires',
  signature: 'X-Signature',
  contentType: 'response-content-type',
  disposition: 'response-content-disposition',
} as const;

export interface SignedPut {
  key: string;
  expires: number;
  contentType: string;
  contentLength: number;
}

export interface SignedGet {
  key: string;
  expires: number;
  responseContentType?: string;
  responseContentDisposition?: string;
}

export type Verdict =
  | { ok: true; expires: number; responseContentType?: string; responseContentDisposition?: string }
  | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

// The signature covers key, expiry and headers, never the host: one URL works at any address.
const RELATIVE = 'http://relative.invalid';

export class LocalUrlSigner {
  private readonly macKey: Buffer;

  /** The origin URLs are made for; null makes them relative (`/api/storage/…`). */
  private readonly baseUrl: () => string | null;

  constructor(secret: string, baseUrl: string | (() => string | null)) {
    this.baseUrl = typeof baseUrl === 'function' ? baseUrl : () => baseUrl;
    if (secret.length < 32) throw new Error('local storage secret must have at least 32 characters');
    // A key of its own, so a leak of these MACs says nothing about session signatures.
    this.macKey = Buffer.from(hkdfSync('sha256', secret, '', 'imagedock-local-storage', 32));
  }

  putUrl(input: SignedPut): string {
    const url = this.objectUrl(input.key);
    url.searchParams.set(PARAM.expires, String(input.expires));
    url.searchParams.set(PARAM.signature, this.mac(putFields(input)));
    return this.finish(url);
  }

  getUrl(input: SignedGet): string {
    const url = this.objectUrl(input.key);
    url.searchParams.set(PARAM.expires, String(input.expires));
    if (input.responseContentType !== undefined) url.searchParams.set(PARAM.contentType, input.responseContentType);
    if (input.responseContentDisposition !== undefined) {
      url.searchParams.set(PARAM.disposition, input.responseContentDisposition);
    }
    url.searchParams.set(PARAM.signature, this.mac(getFields(input)));
    return this.finish(url);
  }

  /** Checks a request against its URL's signature; `method` is the signed verb (HEAD checks as GET). */
  verify(method: 'GET' | 'PUT', key: string, query: URLSearchParams, headers: Headers, nowSeconds: number): Verdict {
    const expiresText = query.get(PARAM.expires) ?? '';
    const signature = query.get(PARAM.signature) ?? '';
    const provided = Buffer.from(signature, 'base64url');
    // Only the canonical spelling counts: base64's last character carries two spare bits
    // that decoding drops, so a changed character must not decode to the same MAC.
    if (!/^\d{1,12}$/.test(expiresText) || provided.length !== 32 || provided.toString('base64url') !== signature) {
      return { ok: false, code: 'AccessDenied', message: 'Query-string authentication requires X-Expires and X-Signature' };
    }
    const expires = Number(expiresText);
    const responseContentType = query.get(PARAM.contentType) ?? undefined;
    const responseContentDisposition = query.get(PARAM.disposition) ?? undefined;
    const fields =
      method === 'PUT'
        ? // Recomputed from what the client actually sends: a different type or length fails.
          ['PUT', key, expires, headers.get('content-type') ?? '', headers.get('content-length') ?? '']
        : getFields({ key, expires, responseContentType, responseContentDisposition });
    const expected = Buffer.from(this.mac(fields), 'base64url');
    if (!timingSafeEqual(expected, provided)) {
      return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature does not match' };
    }
    if (nowSeconds > expires) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
    return { ok: true, expires, responseContentType, responseContentDisposition };
  }

  private objectUrl(key: string): URL {
    return new URL(`/api/storage/${key}`, this.baseUrl() ?? RELATIVE);
  }

  private finish(url: URL): string {
    return url.origin === RELATIVE ? `${url.pathname}${url.search}` : url.toString();
  }

  // JSON framing keeps fields unambiguous whatever characters they hold.
  private mac(fields: readonly (string | number | null)[]): string {
    return createHmac('sha256', this.macKey)
      .update(JSON.stringify(['v1', ...fields]))
      .digest('base64url');
  }
}

function putFields(input: SignedPut) {
  return ['PUT', input.key, input.expires, input.contentType, String(input.contentLength)];
}

function getFields(input: SignedGet) {
  return ['GET', input.key, input.expires, input.responseContentType ?? null, input.responseContentDisposition ?? null];
}
