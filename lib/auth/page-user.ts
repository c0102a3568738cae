// Pages read the signed-in user through here; anonymous visitors are sent to sign in, and back.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { ownOriginOf } from '@/lib/origin/request-origin';
import { getAuth } from './auth';
import { sessionCaller, type SessionCaller } from './require';
import { signInFor } from './return-to';

export async function requirePageUser(): Promise<SessionCaller> {
  const auth = await getAuth();
  const requestHeaders = await headers();
  // A Host that is not this app (embedded mode: not this machine) carries no session.
  const session = ownOriginOf(requestHeaders) ? await auth.api.getSession({ headers: requestHeaders }) : null;
  // Back to the page asked for once signed in (proxy.ts says which it was).
  if (!session) redirect(signInFor(requestHeaders.get('x-imagedock-path')));
  return sessionCaller(session.user);
}
