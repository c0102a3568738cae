'use client';
// Where an upload stands, in a strip over the bottom of its tile (the picture stays in sight):
// progress in bytes with the time left and Cancel; or what went wrong and what to do next.
import { useId } from 'react';
import type { GalleryItem } from './gallery-items';
import { describeProgress, itemProgress } from './upload-progress';
import styles from './gallery.module.css';

const PROGRESS_LABEL: Partial<Record<GalleryItem['phase'], string>> = {
  preparing: 'Preparing…',
  queued: 'Waiting to upload…',
  confirming: 'Processing…',
};

export const PROBLEM_TITLE: Partial<Record<GalleryItem['phase'], string>> = {
  failed: 'Upload failed',
  error: 'Not accepted',
  interrupted: 'Upload interrupted',
};

export function UploadStatus({
  item,
  canResume,
  onRetry,
  onCancel,
  onReplace,
}: {
  item: GalleryItem;
  /** Retry from where it stopped: the PUT if this page has the file, else only the confirm. */
  canResume: boolean;
  onRetry: () => void;
  onCancel: () => void;
  onReplace: (file: File) => void;
}) {
  const { phase, filename } = item;
  const inputId = useId();
  if (phase === 'uploaded') return null;
  if (PROBLEM_TITLE[phase]) {
    return (
      <div className={styles.status} data-problem="true">
        {item.error && <p className={styles.statusDetail}>{item.error}</p>}
        <div className={styles.statusActions}>
          {canResume && (
            <button
              type="button"
              className="button secondary"
              onClick={onRetry}
              aria-label={`${phase === 'interrupted' ? 'Resume' : 'Retry'} upload of ${filename}`}
            >
              {phase === 'interrupted' ? 'Resume' : 'Retry'}
            </button>
          )}
          {(phase === 'error' || phase === 'interrupted') && (
            // A label styled as a button: the picker opens natively from the keyboard too.
            <label className={`button secondary ${styles.replace}`} htmlFor={inputId}>
              Pick file
              <input
                id={inputId}
                type="file"
                accept="image/*,.heic,.heif"
                className="visually-hidden"
                aria-label={`Choose ${filename} again`}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) onReplace(file);
                  event.target.value = '';
                }}
              />
            </label>
          )}
        </div>
      </div>
    );
  }
  const progress = itemProgress(item, Date.now());
  const percent = Math.round(item.progress * 100);
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
      <div className={styles.statusRow}>
        <p className={styles.statusText}>
          {phase === 'uploading' ? (progress ? describeProgress(progress) : `Uploading… ${percent}%`) : (PROGRESS_LABEL[phase] ?? item.error)}
        </p>
        {phase !== 'confirming' && (
          <button type="button" className={styles.textButton} onClick={onCancel} aria-label={`Cancel upload of ${filename}`}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
