// Cookie-authenticated state changes must come from our own origin (CSRF). better-auth
// checks its own endpoints; this covers the app's routes.
import { AppError } from './errors';
import { configuredOrigin, ownOriginOf } from '@/lib/origin/request-origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function assertSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  const expected = ownOriginOf(request.headers);
  if (origin && origin === expected) return;
  if (!origin) throw new AppError('forbidden', 'Missing Origin header');
  throw new AppError('forbidden', refusedOriginMessage(origin), { origin, expected });
}

/** Why `origin` is not ours, and what to change: the person reading it runs this server. */
export function refusedOriginMessage(origin: string): string {
  const configured = configuredOrigin();
  if (configured) {
    return (
      `Requests from ${origin} are refused: this server is configured as APP_URL=${configured}. ` +
      `Open it at ${configured}, or set APP_URL to the address people use and restart.`
    );
  }
  return (
    `Requests from ${origin} are refused: it is not an address of this machine. ` +
    "Open the app at localhost, 127.0.0.1 or this machine's network address, or set APP_URL to its public URL."
  );
}
