// How much of the storage quota the user holds (GET /api/usage's numbers, read on the server).
import { formatBytes } from '@/lib/format-bytes';
import styles from './usage-meter.module.css';

export function UsageMeter({ usedBytes, quotaBytes, images }: { usedBytes: number; quotaBytes: number; images: number }) {
  const share = quotaBytes > 0 ? Math.min(1, usedBytes / quotaBytes) : 1;
  return (
    <section className={styles.card} aria-labelledby="usage-title">
      <h2 id="usage-title" className={styles.title}>
        Storage
      </h2>
      <meter
        className={styles.meter}
        min={0}
        max={quotaBytes}
        low={quotaBytes * 0.8}
        high={quotaBytes * 0.95}
        optimum={0}
        value={Math.min(usedBytes, quotaBytes)}
        aria-labelledby="usage-title usage-text"
      />
      <p id="usage-text" className={styles.text}>
        {formatBytes(usedBytes)} of {formatBytes(quotaBytes)} used ({Math.round(share * 100)} %) by {images.toLocaleString('en')}{' '}
        {images === 1 ? 'image' : 'images'}, thumbnails included.
      </p>
    </section>
  );
}
