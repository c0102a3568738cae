'use client';
// The one time an endpoint's signing secret is visible (after create or rotate).
import { useEffect, useRef } from 'react';
import { CopyButton } from '@/components/keys/copy-button';
import styles from './webhooks.module.css';

export function NewSecretPanel({ url, secret, rotated, onDone }: { url: string; secret: string; rotated: boolean; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [secret]);
  return (
    <section className={styles.secretPanel} aria-labelledby="new-secret-title">
      <h2 id="new-secret-title" ref={headingRef} tabIndex={-1} className={styles.cardTitle}>Signing secret for {url}</h2>
      <p className={styles.warning}>
        <strong>Copy it now: it won’t be shown again.</strong>{' '}
        {rotated ? 'The old secret keeps signing beside it for 24 hours, so switch your receiver over before then.' : 'Your receiver verifies every delivery with it.'}
      </p>
      <div className={styles.secretRow}>
        <code className={styles.secret} id="new-webhook-secret">{secret}</code>
        <CopyButton text={secret} />
      </div>
      <div>
        <button type="button" className="button secondary" onClick={onDone}>I’ve saved it</button>
      </div>
    </section>
  );
}
