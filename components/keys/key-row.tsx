'use client';
// One key: name, its first characters, when it was made and last used, and revoke with a
// confirm step (a revoked key stops working at once, so a slip must not do it).
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '@/components/api/call-api';
import { LocalTime } from './local-time';
import { keyName, type KeyItem } from './key-item';
import styles from './keys.module.css';
import { ConfirmGroup } from '@/components/dialog/confirm-group';
import { FormError } from '@/components/layout/form-error';

export function KeyRow({ item, onRevoke }: { item: KeyItem; onRevoke: () => Promise<void> }) {
  const name = keyName(item);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  return (
    <li className={styles.row}>
      <div className={styles.rowMain}>
        <span className={styles.keyName}>{name}</span>
        {item.start && <code className={styles.keyStart}>{item.start}…</code>}
        <span className={styles.meta}>
          Created <LocalTime value={item.createdAt} />
          <span aria-hidden="true"> · </span>
          Last used {item.lastUsedAt ? <LocalTime value={item.lastUsedAt} /> : 'Never'}
        </span>
      </div>
      {confirming ? (
        <ConfirmGroup className={styles.confirm} label={`Revoke ${name}?`}>
          <span className={styles.confirmText}>Revoke? Services using it stop at once.</span>
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await onRevoke();
              } catch (err) {
                setError(messageOf(err));
                setBusy(false);
              }
            }}
          >
            {busy ? 'Revoking…' : 'Yes, revoke'}
          </button>
          <button ref={cancelRef} type="button" className="button secondary" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </ConfirmGroup>
      ) : (
        <button ref={revokeRef} type="button" className="button danger" data-revoke aria-label={`Revoke ${name}`} onClick={() => setConfirming(true)}>
          Revoke
        </button>
      )}
      <FormError className={styles.rowError} message={error} />
    </li>
  );
}
