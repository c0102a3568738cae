'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { FormError } from '@/components/layout/form-error';

// The local stand-in for a payment provider's page: the server sends the signed event.
export function TestCheckoutForm({ listingId }: { listingId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<null | 'paid' | 'cancelled'>(null);
  const [error, setError] = useState<string | null>(null);
  // Until the page is hydrated a click would do nothing: keep the buttons off till then.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function finish(outcome: 'paid' | 'cancelled') {
    setBusy(outcome);
    setError(null);
    const res = await fetch(`/api/checkout/test/${listingId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setBusy(null);
      setError(body?.error?.message ?? 'Payment failed, try again.');
      return;
    }
    router.push(body.redirectUrl);
  }

  return (
    <div className="checkout-actions">
      <FormError message={error} />
      <button type="button" className="button" disabled={!ready || busy !== null} onClick={() => finish('paid')}>
        {busy === 'paid' ? 'Paying…' : 'Pay'}
      </button>
      <button type="button" className="button secondary" disabled={!ready || busy !== null} onClick={() => finish('cancelled')}>
        Cancel
      </button>
    </div>
  );
}
