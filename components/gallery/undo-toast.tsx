'use client';
// "a.png deleted · Undo", at the bottom of the screen for the undo window. Screen readers hear
// the deletion from the gallery's live region; Undo is a real button in the tab order.
import type { GalleryItem } from './gallery-items';
import styles from './gallery.module.css';

export function UndoToast({
  deleted,
  onUndo,
  onHold,
  onRelease,
}: {
  deleted: GalleryItem[];
  onUndo: () => void;
  /** The person is on the toast: the undo window waits. */
  onHold: () => void;
  onRelease: () => void;
}) {
  const what = deleted.length === 1 ? deleted[0].filename : `${deleted.length} images`;
  return (
    <div className={styles.toastSlot}>
      {deleted.length > 0 && (
        // biome-ignore lint/a11y/noStaticElementInteractions: hovering or focusing the toast holds the undo window open; Undo is the control
        <div className={styles.toast} onFocus={onHold} onBlur={onRelease} onMouseEnter={onHold} onMouseLeave={onRelease}>
          <p className={styles.toastText}>{what} deleted</p>
          <button type="button" className={styles.toastButton} onClick={onUndo}>
            Undo
          </button>
        </div>
      )}
    </div>
  );
}
