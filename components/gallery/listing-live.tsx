'use client';
// The payoff after paying: "Your listing is live", the public link to copy, and the system
// share sheet where the browser has one (navigator.share: phones, some desktops).
import { useEffect, useState } from 'react';
import { CopyButton } from '@/components/keys/copy-button';
import styles from './listing-live.module.css';

export function ListingLive({ listingId, title }: { listingId: string; title: string }) {
  const path = `/p/${listingId}`;
  // The absolute link needs the page's origin: known once in the browser.
  const [url, setUrl] = useState(path);
  const [canShare, setCanShare] = useState(false);
  useEffect(() => {
    const absolute = new URL(path, window.location.origin).toString();
    setUrl(absolute);
    setCanShare(typeof navigator.share === 'function' && (navigator.canShare?.({ url: absolute }) ?? true));
  }, [path]);

  return (
    <section className={styles.live} aria-labelledby="live-title">
      <h2 id="live-title" className={styles.title}>
        Your listing is live
      </h2>
      <p className={styles.text}>Anyone with the link can see it: copy it or share it.</p>
      <div className={styles.row}>
        <input className={`input ${styles.link}`} value={url} readOnly aria-label="Public link" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={url} label="Copy link" />
        {canShare && (
          <button type="button" className="button secondary" onClick={() => navigator.share({ title, url }).catch(() => {})}>
            Share…
          </button>
        )}
      </div>
    </section>
  );
}
