'use client';
// The one time a key's secret is visible: copy it now, it is stored only as a hash.
import { useEffect, useRef } from 'react';
import { CopyButton } from './copy-button';
import styles from './keys.module.css';

export function NewKeyPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Move focus here so keyboard and screen-reader users land on the secret they must copy.
  useEffect(() => headingRef.current?.focus(), [secret]);
  return (
    <section className={styles.secretPanel} aria-labelledby="new-key-title">
      <h2 id="new-key-title" ref={headingRef} tabIndex={-1} className={styles.cardTitle}>Your new key “{name}”</h2>
      <p className={styles.warning}>
        <strong>Copy it now: it won’t be shown again.</strong> We keep only a fingerprint of it. If you lose it, revoke it and create another.
      </p>
      <div className={styles.secretRow}>
        <code className={styles.secret} id="new-key-secret">{secret}</code>
        <CopyButton text={secret} />
      </div>
      <div>
        <button type="button" className="button secondary" onClick={onDone}>I’ve saved it</button>
      </div>
    </section>
  );
}
