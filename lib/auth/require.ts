// Who is calling: a session user (cookie), an API-key user (Bearer), an admin, or cron.
import { timingSafeEqual, createHash } from 'node:crypto';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { getDb } from '@/lib/db/client';
import { verifyApiKey } from './verify-api-key';
import { ownOriginOf } from '@/lib/origin/request-origin';
import { getAuth } from './auth';
import { isAdmin } from './admin-rights';

export interface SessionCaller {
  via: 'session';
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  /** A verified address in ADMIN_EMAILS, or a stored grant (lib/auth/admin-rights.ts). */
  isAdmin: boolean;
}

/** A service acting for the key's user. Keys carry no admin rights. */
export interface ApiKeyCaller {
  via: 'apiKey';
  id: string;
  isAdmin: false;
}

export type Caller = SessionCaller | ApiKeyCaller;

type SessionUser = { id: string; email: string; name: string; emailVerified: boolean; adminGrantedAt?: Date | string | null };

export function sessionCaller(user: SessionUser): SessionCaller {
  const { id, email, name, emailVerified } = user;
  return { id, email, name, emailVerified, isAdmin: isAdmin(user), via: 'session' };
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/** The signed-in user, or null. */
export async function sessionUser(request: Request): Promise<SessionCaller | null> {
  // A Host that is not this app (embedded mode: not this machine) carries no session.
  if (!ownOriginOf(request.headers)) return null;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: request.headers });
  return session ? sessionCaller(session.user) : null;
}

export async function requireUser(request: Request): Promise<SessionCaller> {
  const user = await sessionUser(request);
  if (!user) throw new AppError('unauthorized', 'Sign in first');
  return user;
}

export async function requireApiKeyUser(request: Request): Promise<ApiKeyCaller> {
  const key = bearerToken(request);
  if (!key) throw new AppError('unauthorized', 'Send an API key as Authorization: Bearer <key>');
  const owner = await verifyApiKey(await getDb(), key);
  if (!owner) throw new AppError('unauthorized', 'Invalid or revoked API key');
  // A key's row is deleted with its user (foreign key, ON DELETE CASCADE): a valid key has a user.
  return { via: 'apiKey', id: owner.userId, isAdmin: false };
}

export async function requireAdmin(request: Request): Promise<SessionCaller> {
  const user = await requireUser(request);
  if (!user.isAdmin) throw new AppError('forbidden', 'Admins only');
  return user;
}

// Hashing both sides first makes the comparison constant-time whatever the lengths.
function sameSecret(given: string, expected: string) {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isCronRequest(request: Request) {
  const token = bearerToken(request);
  return token !== null && sameSecret(token, env().CRON_SECRET);
}
