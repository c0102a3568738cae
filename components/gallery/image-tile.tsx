'use client';
// One image in the grid: its picture at its own shape (or the local preview and progress),
// a drag handle, "Move earlier" / "Move later", delete, and its caption.
import { useState, type CSSProperties, type HTMLAttributes, type Ref } from 'react';
import { CaptionField } from './caption-field';
import type { GalleryItem } from './gallery-items';
import { ArrowIcon, GripIcon, ImageIcon, TrashIcon } from './icons';
import { srcsetOf, Thumbnail } from './thumbnail';
import type { SaveState } from './use-caption-saves';
import { PROBLEM_TITLE, UploadStatus } from './upload-status';
import styles from './gallery.module.css';

export interface HandleProps extends HTMLAttributes<HTMLButtonElement> {
  ref: Ref<HTMLButtonElement>;
}

/** Width over height, from the server's dimensions; 4:3 until they are known. */
export const ratioOf = (item: GalleryItem) => (item.image?.width && item.image.height ? item.image.width / item.image.height : 4 / 3);

export function ImageTile({
  item,
  isCover,
  isFirst,
  isLast,
  handle,
  captionState,
  canResume,
  onCaption,
  onCaptionRetry,
  onDelete,
  onMove,
  onRetry,
  onCancel,
  onReplace,
  onView,
}: {
  item: GalleryItem;
  isCover: boolean;
  isFirst: boolean;
  isLast: boolean;
  handle: HandleProps;
  captionState: SaveState | undefined;
  canResume: boolean;
  onCaption: (caption: string) => void;
  onCaptionRetry: () => void;
  onDelete: () => void;
  onMove: (by: -1 | 1) => void;
  onRetry: () => void;
  onCancel: () => void;
  onReplace: (file: File) => void;
  onView: () => void;
}) {
  const { filename, image } = item;
  // A file can claim to be an image and not be one: then show the icon, not a broken picture.
  const [previewFailed, setPreviewFailed] = useState(false);
  const ready = item.phase === 'uploaded' && image?.thumbnailUrl;
  const problem = PROBLEM_TITLE[item.phase];
  return (
    <div className={styles.tile} data-tile={item.key} style={{ '--ratio': ratioOf(item) } as CSSProperties}>
      <div className={styles.media}>
        {isCover && <span className={styles.coverBadge}>Cover</span>}
        {problem && <span className={styles.problemBadge}>{problem}</span>}
        {ready ? (
          <button type="button" className={styles.view} onClick={onView} aria-label={`View ${filename}`}>
            <Thumbnail
              src={image.thumbnailUrl}
              srcSet={srcsetOf(image)}
              sizes="(max-width: 560px) 140px, 400px"
              placeholder={image.placeholder}
              fit="contain"
            />
          </button>
        ) : (
          <div className={styles.pending} data-problem={problem ? 'true' : undefined}>
            {item.previewUrl && !previewFailed ? (
              // A local object URL: shown at once, before anything reaches the server.
              <img src={item.previewUrl} alt="" className={styles.preview} onError={() => setPreviewFailed(true)} />
            ) : (
              <span className={styles.noPreview}>
                <ImageIcon />
              </span>
            )}
          </div>
        )}
      </div>
      <UploadStatus item={item} canResume={canResume} onRetry={onRetry} onCancel={onCancel} onReplace={onReplace} />
      <div className={styles.side}>
        <span className={styles.filename} title={filename}>
          {filename}
        </span>
        <div className={styles.bar}>
          <button type="button" className={styles.iconButton} data-handle {...handle} aria-label={`Reorder ${filename}`}>
            <GripIcon />
          </button>
          {/* aria-disabled, not disabled: a disabled button would drop the focus of whoever just moved it there. */}
          <button
            type="button"
            className={styles.iconButton}
            data-move="earlier"
            aria-disabled={isFirst || undefined}
            onClick={() => onMove(-1)}
            aria-label={`Move ${filename} earlier`}
          >
            <ArrowIcon direction="earlier" />
          </button>
          <button
            type="button"
            className={styles.iconButton}
            data-move="later"
            aria-disabled={isLast || undefined}
            onClick={() => onMove(1)}
            aria-label={`Move ${filename} later`}
          >
            <ArrowIcon direction="later" />
          </button>
          <button type="button" className={`${styles.iconButton} ${styles.danger}`} onClick={onDelete} aria-label={`Delete ${filename}`} data-delete={item.key}>
            <TrashIcon />
          </button>
        </div>
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
