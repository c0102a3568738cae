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

export type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

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
  const deadline = Date.now() + (attempt.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
  const first = await send(url, attempt, deadline);
  // A kept-alive socket the receiver closed while it sat idle (its keep-alive timeout, often
  // 5 s) resets the first request written to it: the receiver never saw that one, so it goes
  // once more on a new connection, within the same 10 s, rather than counting as a failure.
  return first === 'stale socket' ? retryOnNewSocket(url, attempt, deadline) : first;
}

async function retryOnNewSocket(url: URL, attempt: Attempt, deadline: number): Promise<AttemptResult> {
  const again = await send(url, attempt, deadline, true);
  return again === 'stale socket' ? { ok: false, status: null, error: 'ECONNRESET: socket hang up' } : again;
}

function send(url: URL, attempt: Attempt, deadline: number, fresh = false) {
  const client = url.protocol === 'https:' ? https : http;
  const pool = url.protocol === 'https:' ? agents.https : agents.http;
  return new Promise<AttemptResult | 'stale socket'>((done) => {
    let answered = false;
    let timedOut = false;
    // A timer cleared with the answer, not AbortSignal.timeout: that one fires (an exception
    // object and an abort event) 10 s after every attempt, long after it has ended.
    const timer = setTimeout(
      () => {
        timedOut = true;
        request.destroy();
      },
      Math.max(1, deadline - Date.now()),
    );
    const resolve = (outcome: AttemptResult | 'stale socket') => {
      clearTimeout(timer);
      done(outcome);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        // A retry opens its own connection (one use, then closed), never another pooled one.
        agent: fresh ? false : pool,
        lookup: attempt.allowPrivate ? undefined : checkedLookup,
        headers: {
          ...attempt.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(attempt.body)),
          'user-agent': 'imagedock-webhooks/1',
        },
      },
      (response) => {
        answered = true;
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
      },
    );
    request.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      // No answer had started: the request died with the socket it was written to.
      if (!answered && request.reusedSocket && !timedOut && (code === 'ECONNRESET' || code === 'EPIPE')) return resolve('stale socket');
      resolve({ ok: false, status: null, error: timedOut ? `no answer within ${(attempt.timeoutMs ?? ATTEMPT_TIMEOUT_MS) / 1000} s` : describeError(err) });
    });
    request.end(attempt.body);
  });
}

function outcomeOf(status: number, text: string): AttemptResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  const why = status >= 300 && status < 400 ? 'redirect not followed' : `HTTP ${status}`;
  const said = text.replace(/\s+/g, ' ').trim();
  return { ok: false, status, error: said ? `${why}: ${said}` : why };
}

function describeError(err: Error) {
  if (err instanceof BlockedDestinationError) return `refused: ${err.message}`;
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
