'use client';
// "Send me the link again" for a signed-in user whose address is not verified yet.
import { useState } from 'react';
import { authClient } from '@/lib/auth/auth-client';
import styles from './auth.module.css';
import { FormError } from '@/components/layout/form-error';

export function ResendVerification({ email }: { email: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function resend() {
    setState('busy');
    setError(null);
    const result = await authClient.sendVerificationEmail({ email, callbackURL: '/email-verified' });
    if (result.error) {
      setError(result.error.message ?? 'Something went wrong, try again.');
      setState('idle');
    } else setState('sent');
  }

  return (
    <div className={styles.actions}>
      <FormError message={error} />
      {state === 'sent' && (
        <p className={styles.notice} role="status">
          A new link is on its way to {email}. It works for one hour.
        </p>
      )}
      <button className="button" type="button" onClick={resend} disabled={state === 'busy'}>
        {state === 'busy' ? 'Sending…' : 'Send the verification link again'}
      </button>
    </div>
  );
}
