'use client';
// The gallery editor shared by /listings/new and /listings/[id]: drop zone, sortable grid,
// captions, delete with undo, and the full-size view.
import { useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GalleryImage } from '@/lib/images/gallery-image';
import type { UploadLimits } from '@/lib/uploads/limits';
import { createActivationGuard } from './activation-guard';
import { BatchProgress } from './batch-progress';
import type { GalleryTarget } from './gallery-api';
import type { GalleryItem } from './gallery-items';
import { ImageTile } from './image-tile';
import { Lightbox } from './lightbox';
import { Rejections } from './rejections';
import { SortableGrid } from './sortable-grid';
import { UndoToast } from './undo-toast';
import { UploadDropzone } from './upload-dropzone';
import { useGallery, type GalleryModel } from './use-gallery';
import styles from './gallery.module.css';
import { FormError } from '@/components/layout/form-error';

// Longer than a double click and a key repeat, shorter than a deliberate second delete.
const DELETE_QUIET_MS = 700;

export function Gallery({
  target,
  initialImages,
  limits,
  uploadsDisabledReason = null,
  children,
}: {
  /** null while the upload session is being created: files chosen meanwhile wait for it. */
  target: GalleryTarget | null;
  initialImages: GalleryImage[];
  limits: UploadLimits;
  uploadsDisabledReason?: string | null;
  /** Rendered beside the grid with the live gallery (e.g. the publish panel). */
  children?: (gallery: GalleryModel) => ReactNode;
}) {
  const gallery = useGallery({ target, initialImages, limits });
  const { items } = gallery;
  const [viewing, setViewing] = useState<string | null>(null);
  const viewable = useMemo(() => items.filter((item) => item.phase === 'uploaded' && item.image?.url), [items]);
  const viewIndex = viewable.findIndex((item) => item.key === viewing);
  const full = gallery.counted + gallery.queued >= limits.maxImages;
  // No target yet (the draft is being made): files are still taken, and wait for it.
  const disabledReason = uploadsDisabledReason ?? (full ? `This listing is full: it holds ${limits.maxImages} images. Delete one to add another.` : null);
  usePasteAnywhere(gallery.addFiles, disabledReason === null);
  const sectionRef = useRef<HTMLElement>(null);
  const [deleteGuard] = useState(() => createActivationGuard(DELETE_QUIET_MS));

  const focusIn = (selector: string) =>
    requestAnimationFrame(() => {
      sectionRef.current?.querySelector<HTMLElement>(selector)?.focus();
    });

  // The deleted tile took the focus with it: hand it to the next tile (or the drop zone).
  function deleteAndRefocus(item: GalleryItem) {
    if (!deleteGuard.allow()) return;
    const index = items.findIndex((i) => i.key === item.key);
    const neighbour = items[index + 1] ?? items[index - 1];
    gallery.remove(item);
    focusIn(neighbour ? `[data-delete="${CSS.escape(neighbour.key)}"]` : 'input[type=file]');
  }

  function undo() {
    const [first] = gallery.undo();
    if (first) focusIn(`[data-delete="${CSS.escape(first.key)}"]`);
  }

  // Moving the tile moves its buttons in the page: keep the focus on the one just pressed.
  function moveAndRefocus(item: GalleryItem, by: -1 | 1) {
    if (deleteGuard.settling()) return;
    gallery.moveBy(item, by);
    focusIn(`[data-tile="${CSS.escape(item.key)}"] [data-move="${by < 0 ? 'earlier' : 'later'}"]`);
  }

  return (
    <div className={styles.editor} data-aside={children ? 'true' : undefined}>
      <section ref={sectionRef} className={styles.main} aria-labelledby="images-heading">
        <div className={styles.sectionHead}>
          <h2 id="images-heading">Images</h2>
          <span className={styles.count}>
            {gallery.counted} of {limits.maxImages}
          </span>
        </div>
        <UploadDropzone
          limits={limits}
          remaining={Math.max(0, limits.maxImages - gallery.counted - gallery.queued)}
          disabledReason={disabledReason}
          full={full && uploadsDisabledReason === null}
          onFiles={gallery.addFiles}
        />
        <Rejections rejections={gallery.rejections} onDismiss={gallery.dismissRejections} />
        <FormError message={gallery.notice} />
        {gallery.queued > 0 && uploadsDisabledReason === null && (
          <p className={styles.emptyGrid}>
            {gallery.queued} {gallery.queued === 1 ? 'image' : 'images'} will upload as soon as the listing is ready.
          </p>
        )}
        <BatchProgress items={items} onCancelAll={gallery.cancelAll} />
        {items.length === 0 ? (
          <p className={styles.emptyGrid}>No images yet. The first image is the cover; drag the handles or use the arrows to change the order.</p>
        ) : (
          <SortableGrid
            items={items}
            onMove={gallery.move}
            renderItem={(item, handle, index) => (
              <ImageTile
                item={item}
                isCover={index === 0}
                isFirst={index === 0}
                isLast={index === items.length - 1}
                handle={handle}
                captionState={item.imageId ? gallery.captionStates[item.imageId] : undefined}
                canResume={gallery.canRetry(item)}
                onCaption={(caption) => gallery.setCaption(item, caption)}
                onCaptionRetry={() => item.imageId && gallery.retryCaption(item.imageId)}
                onDelete={() => deleteAndRefocus(item)}
                onMove={(by) => moveAndRefocus(item, by)}
                onRetry={() => gallery.retry(item)}
                onCancel={() => gallery.cancel(item)}
                onReplace={(file) => void gallery.replace(item, file)}
                onView={() => {
                  // The second click of a double click on Delete lands on the tile slid under it.
                  if (!deleteGuard.settling()) setViewing(item.key);
                }}
              />
            )}
          />
        )}
        <p className="visually-hidden" role="status">
          {gallery.announcement}
        </p>
        <UndoToast deleted={gallery.deleted} onUndo={undo} onHold={gallery.holdUndo} onRelease={gallery.releaseUndo} />
      </section>
      {children?.(gallery)}
      <Lightbox
        items={viewable}
        index={viewIndex === -1 ? null : viewIndex}
        onIndexChange={(index) => setViewing(viewable[index].key)}
        onClose={() => setViewing(null)}
      />
    </div>
  );
}

// Pasting an image anywhere on the page adds it, except into a text field (that is typing).
// The drop zone handles pastes aimed at it itself and marks them handled.
// One listener while enabled: onFiles changes with every image added, and an effect event
// reads the latest without subscribing again.
function usePasteAnywhere(onFiles: (files: File[]) => void, enabled: boolean) {
  const onPaste = useEffectEvent((event: ClipboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (event.defaultPrevented || target?.closest('textarea, input:not([type=file]), [contenteditable]')) return;
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: ClipboardEvent) => onPaste(event);
    window.addEventListener('paste', listener);
    return () => window.removeEventListener('paste', listener);
  }, [enabled]);
}
