'use client';
// Sets a new password with the token from the mailed link. Every session of the account is
// signed out by the reset, so the person signs in again afterwards.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/auth-client';
import { AuthCard } from './auth-card';
import styles from './auth.module.css';
import { FormError } from '@/components/layout/form-error';
import { useSubmit } from '@/components/api/use-submit';
import { unlessFailed } from './unless-failed';

export function ResetPasswordForm({ token }: { token: string }) {
  const { busy, error, submit } = useSubmit();
  const [done, setDone] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get('password') ?? '');
    void submit(async () => {
      unlessFailed(await authClient.resetPassword({ newPassword, token }));
      setDone(true);
    });
  }

  if (done) {
    return (
      <AuthCard title="Password changed" subtitle="Your new password works now; every other session was signed out.">
        <div className={styles.actions}>
          <Link className="button" href="/sign-in">
            Sign in
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="password">New password</label>
          <input
            className="input"
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={128}
            aria-describedby="password-hint"
          />
          <small id="password-hint" className={styles.hint}>
            At least 10 characters; common passwords are refused.
          </small>
        </div>
        <FormError message={error} />
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AuthCard>
  );
}
