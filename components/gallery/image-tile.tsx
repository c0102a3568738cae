'use client';
// One image in the grid: its picture (or local preview and progress), a drag handle,
// delete, and its caption.
import { useState, type HTMLAttributes, type Ref } from 'react';
import { CaptionField } from './caption-field';
import type { GalleryItem } from './gallery-items';
import { GripIcon, ImageIcon, TrashIcon } from './icons';
import { Thumbnail } from './thumbnail';
import type { SaveState } from './use-caption-saves';
import { UploadStatus } from './upload-status';
import styles from './gallery.module.css';

export interface HandleProps extends HTMLAttributes<HTMLButtonElement> {
  ref: Ref<HTMLButtonElement>;
}

export function ImageTile({ item, isCover, handle, captionState, onCaption, onCaptionRetry, onDelete, onRetry, onView }: {
  item: GalleryItem;
  isCover: boolean;
  handle: HandleProps;
  captionState: SaveState | undefined;
  onCaption: (caption: string) => void;
  onCaptionRetry: () => void;
  onDelete: () => void;
  onRetry: () => void;
  onView: () => void;
}) {
  const { filename, image } = item;
  // A file can claim to be an image and not be one: then show the icon, not a broken picture.
  const [previewFailed, setPreviewFailed] = useState(false);
  const ready = item.phase === 'uploaded' && image?.thumbnailUrl;
  return (
    <div className={styles.tile}>
      <div className={styles.media}>
        {isCover && <span className={styles.coverBadge}>Cover</span>}
        {ready ? (
          <button type="button" className={styles.view} onClick={onView} aria-label={`View ${filename}`}>
            <Thumbnail src={image.thumbnailUrl} placeholder={image.placeholder} />
          </button>
        ) : (
          <div className={styles.pending}>
            {item.previewUrl && !previewFailed ? (
              // A local object URL: shown at once, before anything reaches the server.
              <img src={item.previewUrl} alt="" className={styles.preview} onError={() => setPreviewFailed(true)} />
            ) : (
              <span className={styles.noPreview}><ImageIcon /></span>
            )}
            <UploadStatus item={item} onRetry={onRetry} />
          </div>
        )}
      </div>
      <div className={styles.bar}>
        <button type="button" className={styles.iconButton} data-handle {...handle} aria-label={`Reorder ${filename}`}>
          <GripIcon />
        </button>
        <span className={styles.filename} title={filename}>{filename}</span>
        <button type="button" className={`${styles.iconButton} ${styles.danger}`} onClick={onDelete} aria-label={`Delete ${filename}`} data-delete={item.key}>
          <TrashIcon />
        </button>
      </div>
      <CaptionField
        filename={filename}
        value={item.caption}
        disabled={!item.imageId || item.phase === 'error'}
        state={captionState}
        onChange={onCaption}
        onRetry={onCaptionRetry}
      />
    </div>
  );
}
