'use client';
// Where an upload stands, over its tile: progress, retries, and what to do when it failed.
import type { GalleryItem } from './gallery-items';
import styles from './gallery.module.css';

const LABEL: Partial<Record<GalleryItem['phase'], string>> = {
  preparing: 'Preparing…',
  queued: 'Waiting to upload…',
  confirming: 'Processing…',
};

export function UploadStatus({ item, onRetry }: { item: GalleryItem; onRetry: () => void }) {
  const { phase, filename } = item;
  if (phase === 'uploaded') return null;
  const problem = phase === 'failed' || phase === 'error' || phase === 'interrupted';
  const percent = Math.round(item.progress * 100);
  return (
    <div className={styles.status} data-problem={problem}>
      {(phase === 'uploading' || phase === 'queued' || phase === 'confirming') && (
        <progress
          className={styles.progress}
          max={100}
          value={phase === 'confirming' ? 100 : percent}
          aria-label={`Uploading ${filename}`}
        />
      )}
      <p className={styles.statusText}>
        {phase === 'uploading' ? `Uploading… ${percent}%` : LABEL[phase] ?? item.error}
      </p>
      {phase === 'failed' && (
        <button type="button" className="button secondary" onClick={onRetry} aria-label={`Retry upload of ${filename}`}>
          Retry
        </button>
      )}
    </div>
  );
}
