// Which origin the app is, per request. With APP_URL set (a deployment) it is that and only
// that. Unset (embedded mode), it is the origin each request arrived at, when that names this
// machine: `localhost`, `127.0.0.1`, `[::1]` or a LAN address all work on a fresh `npm start`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from '../env';
import { processWide } from '../process-wide';
import { isLocalHost } from './local-hosts';

/** The configured public origin, or null in embedded mode without APP_URL. */
export function configuredOrigin(): string | null {
  const url = env().APP_URL;
  return url ? new URL(url).origin : null;
}

/** The app's own origin for a request (from its Host header), or null when it is not ours. */
export function ownOriginOf(headers: Headers): string | null {
  const configured = configuredOrigin();
  if (configured) return configured;
  const host = headers.get('host');
  return host && isLocalHost(host) ? `http://${host.toLowerCase()}` : null;
}

// One store for the process: the route wrapper of one bundle sets it, a storage driver built
// by another reads it.
const current = () => processWide('requestOrigin', () => new AsyncLocalStorage<string>());

/** Runs `work` with `origin` as the origin links are made for. */
export function withRequestOrigin<T>(origin: string | null, work: () => T): T {
  return origin ? current().run(origin, work) : work();
}

/**
 * The origin absolute links are made for: APP_URL, else the current request's own origin,
 * else null (a page render or a CLI: links stay relative to wherever they are shown).
 */
export function linkOrigin(): string | null {
  return configuredOrigin() ?? current().getStore() ?? null;
}

/** A path of this app (`/checkout/…`) made absolute for the current request; URLs pass as they are. */
export function absoluteLink(url: string): string {
  return url.startsWith('/') ? `${linkOrigin() ?? ''}${url}` : url;
}

/** Where this server reaches itself (calls to its own routes): loopback, whatever APP_URL says. */
export function selfOrigin(): string {
  return `http://127.0.0.1:${env().PORT}`;
}
