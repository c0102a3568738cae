'use client';
// Files that were not added, each with its reason, until the next selection or a dismissal.
import type { Rejection } from './use-gallery';
import styles from './gallery.module.css';

export function Rejections({ rejections, onDismiss }: { rejections: Rejection[]; onDismiss: () => void }) {
  return (
    <div role="alert" className={rejections.length > 0 ? styles.rejections : undefined}>
      {rejections.length > 0 && (
        <>
          <p className={styles.rejectionsTitle}>{rejections.length === 1 ? 'This file was not added:' : `These ${rejections.length} files were not added:`}</p>
          <ul>
            {rejections.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered, and one file may be refused twice
              <li key={`${r.filename}-${i}`}>
                <strong>{r.filename}</strong>: {r.reason}
              </li>
            ))}
          </ul>
          <button type="button" className={styles.linkButton} onClick={onDismiss}>
            Dismiss
          </button>
        </>
      )}
    </div>
  );
}
