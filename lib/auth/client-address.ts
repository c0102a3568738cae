// The client's address, for per-address limits and session records.
//
// Route handlers under `next start` never see the socket: Next only fills X-Forwarded-For
// with the socket address when the client sent none (`??=` in base-server), so whatever a
// client writes there reaches the app unchanged, and a limiter keyed on it is bypassed by
// changing the header on every try. So at server start we hook the HTTP server's 'request'
// event (before Next reads the request) and stamp the address we believe into a header of
// our own, overwriting anything the client sent. The stamp carries a per-process token, so
// a request that arrived before the hook was installed (or a forged header) is never
// believed.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { isIP } from 'node:net';
import { env } from '@/lib/env';

export const CLIENT_ADDRESS_HEADER = 'x-imagedock-client-address';

const holder = globalThis as unknown as { __imagedockAddressToken?: string };

/**
 * The address `trustProxy` hops from the socket: 0 → the socket's own; n → the entry n from
 * the right of the X-Forwarded-For chain as received (the right-most is what the nearest
 * proxy saw). Entries that are not addresses stop the walk: a proxy we trust never writes
 * one, so anything left of it was written by the client.
 */
export function resolveClientAddress(socketAddress: string | null | undefined, forwardedFor: string | null | undefined, trustProxy: number): string | null {
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let address = normalise(socketAddress);
  for (let hop = 0; hop < trustProxy && chain.length > 0; hop++) {
    const next = normalise(chain.pop());
    if (!next) break;
    address = next;
  }
  return address;
}

// "::ffff:1.2.3.4" → "1.2.3.4"; "1.2.3.4:5678" and "[::1]:80" (proxies that add ports) → the address.
function normalise(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = value.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = value.match(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i);
  if (mapped) value = mapped[1];
  return isIP(value) ? value.toLowerCase() : null;
}

/** Installs the stamp on every HTTP server in this process (once). Called at server start. */
export function installClientAddressStamp(trustProxy: number) {
  if (holder.__imagedockAddressToken) return;
  const token = randomBytes(16).toString('hex');
  holder.__imagedockAddressToken = token;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function stampedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      const address = resolveClientAddress(req.socket?.remoteAddress, headerText(req.headers['x-forwarded-for']), trustProxy);
      req.headers[CLIENT_ADDRESS_HEADER] = `${token} ${address ?? 'unknown'}`;
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

function headerText(value: string | string[] | undefined) {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The client's address as stamped at the socket. Without a valid stamp (a platform that runs
 * handlers without our HTTP server, such as Vercel, or a request from before the stamp was
 * installed) it comes from X-Forwarded-For when TRUST_PROXY says a proxy wrote it, else it
 * cannot be known (null).
 */
export function clientAddress(headers: Headers, trustProxy: number): string | null {
  const stamp = headers.get(CLIENT_ADDRESS_HEADER);
  const token = holder.__imagedockAddressToken;
  if (token && stamp?.startsWith(`${token} `)) {
    const address = stamp.slice(token.length + 1);
    return address === 'unknown' ? null : address;
  }
  return trustProxy > 0 ? resolveClientAddress(null, headers.get('x-forwarded-for'), trustProxy) : null;
}

/** The client address of a request under TRUST_PROXY: what anything keyed by address uses. */
export function clientAddressOf(request: Request): string | null {
  return clientAddress(request.headers, env().TRUST_PROXY);
}
