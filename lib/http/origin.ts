// Cookie-authenticated state changes must come from our own origin (CSRF). better-auth
// checks its own endpoints; this covers the app's routes.
import { AppError } from './errors';
import { env } from '@/lib/env';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function assertSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  const expected = new URL(env().APP_URL).origin;
  if (origin !== expected) {
    throw new AppError('forbidden', origin ? `Cross-origin request from ${origin} refused` : 'Missing Origin header');
  }
}
