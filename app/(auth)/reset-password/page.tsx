// Where the mailed reset link lands (better-auth checks the token, then redirects here with it).
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, error } = await searchParams;
  if (typeof token === 'string' && token && !error) return <ResetPasswordForm token={token} />;
  return (
    <AuthCard title="This link no longer works" subtitle="Reset links work for one hour and only once.">
      <p className="switch">
        <Link href="/forgot-password">Send a new link</Link>
      </p>
    </AuthCard>
  );
}
