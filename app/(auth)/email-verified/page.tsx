// Where the mailed verification link lands once better-auth has checked it (?error=… if not).
import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { getAuth } from '@/lib/auth/auth';
import { AuthCard } from '@/components/auth/auth-card';
import { ResendVerification } from '@/components/auth/resend-verification';

export const metadata: Metadata = { title: 'Email verification' };

const PROBLEMS: Record<string, string> = {
  TOKEN_EXPIRED: 'This link has expired: links work for one hour.',
  INVALID_TOKEN: 'This link is not valid (it may be incomplete, or from an older mail).',
  USER_NOT_FOUND: 'The account this link was for no longer exists.',
};

export default async function EmailVerifiedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { error } = await searchParams;
  const session = await (await getAuth()).api.getSession({ headers: await headers() });
  // Opened by hand while signed in with an address still unverified: offer the link.
  if (!error && session && !session.user.emailVerified) {
    return (
      <AuthCard title="Address not verified yet" subtitle={`Follow the link we mailed to ${session.user.email}, or ask for a new one.`}>
        <ResendVerification email={session.user.email} />
      </AuthCard>
    );
  }
  if (!error) {
    return (
      <AuthCard title="Address verified" subtitle="Thank you: your email address is verified.">
        <div style={{ marginTop: '1.25rem' }}>
          <Link className="button" href={session ? '/' : '/sign-in'}>
            {session ? 'Go to my listings' : 'Sign in'}
          </Link>
        </div>
      </AuthCard>
    );
  }
  const problem = PROBLEMS[String(error)] ?? 'This link could not be used.';
  return (
    <AuthCard title="Address not verified" subtitle={problem}>
      {session && !session.user.emailVerified ? (
        <ResendVerification email={session.user.email} />
      ) : (
        <p className="switch">
          <Link href="/sign-in">Sign in</Link> to get a new link.
        </p>
      )}
    </AuthCard>
  );
}
