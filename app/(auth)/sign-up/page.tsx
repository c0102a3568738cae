import type { Metadata } from 'next';
import { AuthForm } from '@/components/auth/auth-form';

export const metadata: Metadata = { title: 'Sign up' };

// ?next= is where to go afterwards (checked in the form: a path on this site, else home).
export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return <AuthForm mode="sign-up" next={typeof next === 'string' ? next : null} />;
}
