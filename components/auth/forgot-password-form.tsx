'use client';
// Asks for a reset link. The answer is the same whether or not the address has an account,
// so the form cannot be used to find out who has one.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/auth-client';
import { AuthCard } from './auth-card';
import styles from './auth.module.css';
import { FormError } from '@/components/layout/form-error';
import { useSubmit } from '@/components/api/use-submit';
import { unlessFailed } from './unless-failed';

export function ForgotPasswordForm() {
  const { busy, error, submit } = useSubmit();
  const [sentTo, setSentTo] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    void submit(async () => {
      unlessFailed(await authClient.requestPasswordReset({ email, redirectTo: '/reset-password' }));
      setSentTo(email);
    });
  }

  return (
    <AuthCard title="Reset your password" subtitle="We will mail you a link to choose a new one.">
      <form onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input className="input" id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <FormError message={error} />
        {sentTo && (
          <p className={styles.notice} role="status">
            If an account uses {sentTo}, a reset link is on its way. It works for one hour.
          </p>
        )}
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send reset link'}
        </button>
      </form>
      <p className="switch">
        Remembered it? <Link href="/sign-in">Sign in</Link>
      </p>
    </AuthCard>
  );
}
