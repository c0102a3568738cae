'use client';
// A listing awaiting payment: go back to the open checkout, or cancel it (the listing is a
// draft again with every image, and "Pay & publish" works again). On phones it is the bar
// fixed to the bottom of the screen, as the publish panel is.
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { messageOf } from '@/components/api/call-api';
import { cancelCheckout } from './listing-api';
import { useBarHeight } from './use-bar-height';
import styles from './gallery.module.css';
import own from './listing-pages.module.css';
import { FormError } from '@/components/layout/form-error';

export function CheckoutPanel({ listingId, checkoutUrl }: { listingId: string; checkoutUrl: string | null }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const barRef = useRef<HTMLElement>(null);
  useBarHeight(barRef);

  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      await cancelCheckout(listingId);
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(messageOf(err));
    }
  }

  return (
    <aside ref={barRef} className={`${styles.panel} ${styles.checkoutBar}`} aria-labelledby="checkout-heading">
      <h2 id="checkout-heading" className={styles.panelTitle}>
        Awaiting payment
      </h2>
      <p className={styles.panelText}>The checkout is open. Pay to publish, or cancel it to change the listing: its images are kept either way.</p>
      <div className={`${own.actions} ${styles.barActions}`}>
        {checkoutUrl && (
          <a className="button" href={checkoutUrl}>
            Continue to payment
          </a>
        )}
        <button type="button" className="button secondary" disabled={busy} onClick={cancel}>
          {busy ? 'Cancelling…' : 'Cancel checkout'}
        </button>
      </div>
      <FormError message={error} />
    </aside>
  );
}
