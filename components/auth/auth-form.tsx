'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { authClient } from '@/lib/auth/auth-client';
import { AuthCard } from './auth-card';
import styles from './auth.module.css';
import { authPageFor, safeReturnPath } from '@/lib/auth/return-to';
import { FormError } from '@/components/layout/form-error';
import { useSubmit } from '@/components/api/use-submit';
import { unlessFailed } from './unless-failed';

type Mode = 'sign-in' | 'sign-up';

// Mirrors lib/auth/password-strength.ts; the server decides (and says why), this only helps.
const PASSWORD_MIN_LENGTH = 10;

const COPY = {
  'sign-in': {
    title: 'Sign in',
    subtitle: 'Welcome back to imagedock.',
    submit: 'Sign in',
    busy: 'Signing in…',
    switchText: 'New here?',
    switchLink: 'Create an account',
    switchHref: '/sign-up',
  },
  'sign-up': {
    title: 'Create your account',
    subtitle: 'Upload, arrange and publish image galleries.',
    submit: 'Sign up',
    busy: 'Creating account…',
    switchText: 'Already have an account?',
    switchLink: 'Sign in',
    switchHref: '/sign-in',
  },
} as const;

export function AuthForm({
  mode,
  next,
}: {
  mode: Mode;
  /** ?next=, unchecked: where to go afterwards, passed on to the other of sign-in and sign-up. */
  next: string | null;
}) {
  const router = useRouter();
  const copy = COPY[mode];
  // Back where sign-in was asked for (a path on this site only), else home.
  const returnTo = safeReturnPath(next);
  const { busy, error, submit } = useSubmit();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    void submit(async () => {
      unlessFailed(
        mode === 'sign-up'
          ? await authClient.signUp.email({ name: String(form.get('name') ?? ''), email, password, callbackURL: '/email-verified' })
          : await authClient.signIn.email({ email, password }),
      );
      router.replace(returnTo);
      router.refresh();
    });
  }

  return (
    <AuthCard title={copy.title} subtitle={copy.subtitle}>
      <form onSubmit={onSubmit} noValidate={false}>
        {mode === 'sign-up' && (
          <div className="field">
            <label htmlFor="name">Name</label>
            <input className="input" id="name" name="name" autoComplete="name" required maxLength={100} />
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input className="input" id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            className="input"
            id="password"
            name="password"
            type="password"
            required
            minLength={mode === 'sign-up' ? PASSWORD_MIN_LENGTH : undefined}
            maxLength={128}
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
          />
          {mode === 'sign-up' && (
            <small id="password-hint" className={styles.hint}>
              At least {PASSWORD_MIN_LENGTH} characters; common passwords are refused. A few unrelated words work well.
            </small>
          )}
        </div>
        {mode === 'sign-in' && (
          <div className={styles.aside}>
            <Link href="/forgot-password">Forgot your password?</Link>
          </div>
        )}
        <FormError message={error} />
        <button className="button" type="submit" disabled={busy}>
          {busy ? copy.busy : copy.submit}
        </button>
      </form>
      <p className="switch">
        {copy.switchText} <Link href={authPageFor(copy.switchHref, returnTo)}>{copy.switchLink}</Link>
      </p>
    </AuthCard>
  );
}
