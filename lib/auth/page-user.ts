// Pages read the signed-in user through here; anonymous visitors are sent to sign in, and back.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getAuth } from './auth';
import { isAdminEmail, type SessionCaller } from './require';
import { signInFor } from './return-to';

export async function requirePageUser(): Promise<SessionCaller> {
  const auth = await getAuth();
  const requestHeaders = await headers();
  const session = await auth.api.getSession({ headers: requestHeaders });
  // Back to the page asked for once signed in (proxy.ts says which it was).
  if (!session) redirect(signInFor(requestHeaders.get('x-imagedock-path')));
  const { id, email, name } = session.user;
  return { id, email, name, isAdmin: isAdminEmail(email), via: 'session' };
}
