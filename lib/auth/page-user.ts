// Pages read the signed-in user through here; anonymous visitors are sent to sign in.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getAuth } from './auth';
import { sessionCaller, type SessionCaller } from './require';

export async function requirePageUser(): Promise<SessionCaller> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) redirect('/sign-in');
  return sessionCaller(session.user);
}
