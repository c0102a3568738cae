'use client';
// Where an upload stands, over its tile: progress, retries, and what to do when it failed.
import type { GalleryItem } from './gallery-items';
import styles from './gallery.module.css';

const PROGRESS_LABEL: Partial<Record<GalleryItem['phase'], string>> = {
  preparing: 'Preparing…',
  queued: 'Waiting to upload…',
  confirming: 'Processing…',
};

const PROBLEM_TITLE: Partial<Record<GalleryItem['phase'], string>> = {
  failed: 'Upload failed',
  error: 'Not accepted',
  interrupted: 'Upload interrupted',
};

export function UploadStatus({ item, onRetry }: { item: GalleryItem; onRetry: () => void }) {
  const { phase, filename } = item;
  if (phase === 'uploaded') return null;
  const problem = PROBLEM_TITLE[phase];
  const percent = Math.round(item.progress * 100);
  if (problem) {
    return (
      <div className={styles.status} data-problem="true">
        <p className={styles.statusText}>{problem}</p>
        {item.error && <p className={styles.statusDetail}>{item.error}</p>}
        {phase === 'failed' ? (
          <button type="button" className="button secondary" onClick={onRetry} aria-label={`Retry upload of ${filename}`}>
            Retry
          </button>
        ) : (
          <p className={styles.statusDetail}>Delete it and add another file.</p>
        )}
      </div>
    );
  }
  return (
    <div className={styles.status}>
      {phase !== 'preparing' && (
        <progress
          className={styles.progress}
          max={100}
          value={phase === 'confirming' ? 100 : phase === 'retrying' ? 0 : percent}
          aria-label={`Uploading ${filename}`}
        />
      )}
      <p className={styles.statusText}>
        {phase === 'uploading' ? `Uploading… ${percent}%` : PROGRESS_LABEL[phase] ?? item.error}
      </p>
    </div>
  );
}
