// One attempt: POST the signed body, 10 s for the whole exchange, no redirects followed
// (node:http never follows them), at most RESPONSE_READ_BYTES of the answer read. Sockets are
// kept alive per destination; with the check on, each new socket connects only to an address
// checkedLookup approved.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { BlockedDestinationError, checkedLookup, hostOf, isBlockedAddress } from './safe-destination';

export const ATTEMPT_TIMEOUT_MS = 10_000;
const RESPONSE_READ_BYTES = 64 * 1024;
const RESPONSE_KEPT_CHARS = 500;

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 32 }), https: new https.Agent({ keepAlive: true, maxSockets: 32 }) };

export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string };

export interface Attempt {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  timeoutMs?: number;
}

export async function postWebhook(attempt: Attempt): Promise<AttemptResult> {
  const url = new URL(attempt.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, status: null, error: 'url must use http or https' };
  const host = hostOf(url);
  // An address literal is never looked up, so it is checked here.
  if (!attempt.allowPrivate && net.isIP(host) && isBlockedAddress(host)) {
    return { ok: false, status: null, error: `refused: ${host} is a private or loopback address` };
  }
  const client = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(attempt.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
  return new Promise<AttemptResult>((resolve) => {
    const request = client.request(url, {
      method: 'POST',
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      lookup: attempt.allowPrivate ? undefined : checkedLookup,
      signal,
      headers: {
        ...attempt.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(attempt.body)),
        'user-agent': 'imagedock-webhooks/1',
      },
    }, (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      let kept = '';
      response.on('data', (chunk: Buffer) => {
        read += chunk.byteLength;
        if (kept.length < RESPONSE_KEPT_CHARS) kept += chunk.toString('utf8', 0, RESPONSE_KEPT_CHARS);
        // Enough: the answer's body says nothing we act on; drop the connection instead.
        if (read > RESPONSE_READ_BYTES) response.destroy();
      });
      const finish = () => resolve(outcomeOf(status, kept.slice(0, RESPONSE_KEPT_CHARS)));
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', finish);
    });
    request.on('error', (err) => resolve({ ok: false, status: null, error: describeError(err, signal) }));
    request.end(attempt.body);
  });
}

function outcomeOf(status: number, text: string): AttemptResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  const why = status >= 300 && status < 400 ? 'redirect not followed' : `HTTP ${status}`;
  const said = text.replace(/\s+/g, ' ').trim();
  return { ok: false, status, error: said ? `${why}: ${said}` : why };
}

function describeError(err: Error, signal: AbortSignal) {
  if (signal.aborted) return `no answer within ${(ATTEMPT_TIMEOUT_MS / 1000).toFixed(0)} s`;
  if (err instanceof BlockedDestinationError) return `refused: ${err.message}`;
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
