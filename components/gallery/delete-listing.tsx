'use client';
// "Delete listing": asks once more (it cannot be undone), and is refused, with the reason,
// while a payment may still arrive for it.
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { messageOf } from '@/components/api/call-api';
import { deleteListing } from './listing-api';
import styles from './listing-pages.module.css';
import { ConfirmGroup } from '@/components/dialog/confirm-group';
import { FormError } from '@/components/layout/form-error';

export function DeleteListing({
  listingId,
  title,
  imageCount,
  pendingPayment,
}: {
  listingId: string;
  title: string;
  imageCount: number;
  pendingPayment: boolean;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const name = title.trim() || 'this untitled listing';

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteListing(listingId);
      router.replace('/');
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(messageOf(err));
    }
  }

  return (
    <section className={styles.danger} aria-labelledby={`${reasonId}-title`}>
      <h2 id={`${reasonId}-title`} className={styles.dangerTitle}>
        Delete listing
      </h2>
      <p id={reasonId} className={styles.dangerText}>
        {pendingPayment
          ? 'A listing awaiting payment cannot be deleted: the payment would have nowhere to go. Cancel the checkout first.'
          : `Deleting removes the listing and its ${imageCount} ${imageCount === 1 ? 'image' : 'images'} for good.`}
      </p>
      {!confirming ? (
        <div className={styles.actions}>
          <button
            type="button"
            className="button danger"
            disabled={pendingPayment}
            aria-describedby={reasonId}
            onClick={() => {
              setConfirming(true);
              requestAnimationFrame(() => confirmRef.current?.focus());
            }}
          >
            Delete listing
          </button>
        </div>
      ) : (
        <ConfirmGroup className={styles.confirm} label="Confirm delete">
          <p>
            Delete “{name}” and its {imageCount} {imageCount === 1 ? 'image' : 'images'}? This cannot be undone.
          </p>
          <div className={styles.actions}>
            <button ref={confirmRef} type="button" className="button danger" disabled={busy} onClick={remove}>
              {busy ? 'Deleting…' : 'Delete for good'}
            </button>
            <button type="button" className="button secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </ConfirmGroup>
      )}
      <FormError message={error} />
    </section>
  );
}
