'use client';
// The one time a secret is visible (a new API key, a webhook signing secret after create or
// rotate): copy it now, the server keeps only a hash or will not show it again.
import { useEffect, useRef, type ReactNode } from 'react';
import { CopyButton } from './copy-button';
import styles from './secret-once-panel.module.css';

export function SecretOncePanel({
  id,
  title,
  secret,
  children,
  onDone,
}: {
  /** Names the heading (`${id}-title`) and the secret (`${id}-secret`). */
  id: string;
  title: ReactNode;
  secret: string;
  /** What the secret is for, after the warning. */
  children: ReactNode;
  onDone: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Move focus here so keyboard and screen-reader users land on the secret they must copy.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new secret moves the focus again, though the effect reads only the ref
  useEffect(() => headingRef.current?.focus(), [secret]);
  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className={styles.title}>
        {title}
      </h2>
      <p className={styles.warning}>
        <strong>Copy it now: it won’t be shown again.</strong> {children}
      </p>
      <div className={styles.secretRow}>
        <code className={styles.secret} id={`${id}-secret`}>
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <div>
        <button type="button" className="button secondary" onClick={onDone}>
          I’ve saved it
        </button>
      </div>
    </section>
  );
}
