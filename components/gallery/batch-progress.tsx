'use client';
// The batch under way: how many files, bytes sent of the total, time left, and Cancel all.
import type { GalleryItem } from './gallery-items';
import { batchProgress, describeProgress } from './upload-progress';
import styles from './gallery.module.css';

export function BatchProgress({ items, onCancelAll }: { items: GalleryItem[]; onCancelAll: () => void }) {
  const batch = batchProgress(items, Date.now());
  if (!batch) return null;
  const percent = batch.total > 0 ? Math.round((batch.sent / batch.total) * 100) : 0;
  return (
    <div className={styles.batch}>
      <div className={styles.batchText}>
        <strong>
          Uploading {batch.files} {batch.files === 1 ? 'file' : 'files'}
        </strong>
        <span>{describeProgress(batch)}</span>
      </div>
      <progress className={styles.progress} max={100} value={percent} aria-label="All uploads" />
      <button type="button" className="button secondary" onClick={onCancelAll}>
        Cancel all uploads
      </button>
    </div>
  );
}
