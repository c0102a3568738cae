'use client';
// The full-size view: a modal <dialog> (the browser traps focus and closes it on Escape),
// arrow keys to move between images, focus handed back to whatever opened it.
import type { CSSProperties } from 'react';
import { useModalDialog } from '@/components/dialog/use-modal-dialog';
import type { GalleryImage } from '@/lib/images/gallery-image';
import type { GalleryItem } from './gallery-items';
import { Thumbnail } from './thumbnail';
import { FocalPointPicker } from './focal-point-picker';
import styles from './gallery.module.css';

const ratioOf = (image: GalleryImage) => (image.width && image.height ? image.width / image.height : 4 / 3);

export function Lightbox({ items, index, onIndexChange, onClose }: {
  /** Only images that are uploaded, in gallery order. */
  items: GalleryItem[];
  index: number | null;
  onIndexChange: (index: number) => void;
  onClose: () => void;
}) {
  const open = index !== null && items[index] !== undefined;

  const { dialogRef, openerRef } = useModalDialog(open);

  const item = open ? items[index] : null;
  const step = (delta: number) => {
    if (index === null || items.length === 0) return;
    onIndexChange((index + delta + items.length) % items.length);
  };

  return (
    <dialog
      ref={dialogRef}
      className={styles.lightbox}
      aria-labelledby="lightbox-title"
      onClose={() => {
        onClose();
        openerRef.current?.focus();
      }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight') step(1);
        else if (event.key === 'ArrowLeft') step(-1);
        else return;
        event.preventDefault();
      }}
      // A click on the backdrop (the dialog box itself, outside its content) closes it.
      onClick={(event) => {
        if (event.target === event.currentTarget) dialogRef.current?.close();
      }}
    >
      {item?.image && (
        <div className={styles.lightboxBody}>
          <div className={styles.lightboxHead}>
            <h2 id="lightbox-title" className={styles.lightboxTitle}>{item.filename}</h2>
            <span className={styles.lightboxCount}>{index! + 1} of {items.length}</span>
            <button type="button" className="button secondary" onClick={() => dialogRef.current?.close()} autoFocus>
              Close
            </button>
          </div>
          <figure className={styles.lightboxFigure}>
            <div className={styles.lightboxImage} style={{ '--ratio': ratioOf(item.image) } as CSSProperties}>
              <Thumbnail key={item.key} src={item.image.url} placeholder={item.image.placeholder} alt={item.caption || item.filename} fit="contain" />
            </div>
            <figcaption className={styles.lightboxCaption}>{item.caption || <em>No caption</em>}</figcaption>
          </figure>
          <FocalPointPicker key={item.key} image={item.image} filename={item.filename} />
          {items.length > 1 && (
            <div className={styles.lightboxNav}>
              <button type="button" className="button secondary" onClick={() => step(-1)}>← Previous</button>
              <button type="button" className="button secondary" onClick={() => step(1)}>Next →</button>
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
