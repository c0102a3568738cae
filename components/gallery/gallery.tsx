'use client';
// The gallery editor shared by /listings/new and /listings/[id]: drop zone, sortable grid,
// captions, delete, and the full-size view.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GalleryImage } from '@/lib/images/gallery-image';
import type { UploadLimits } from '@/lib/uploads/limits';
import type { GalleryTarget } from './gallery-api';
import { ImageTile } from './image-tile';
import { Lightbox } from './lightbox';
import { Rejections } from './rejections';
import { SortableGrid } from './sortable-grid';
import { UploadDropzone } from './upload-dropzone';
import { useGallery, type GalleryModel } from './use-gallery';
import styles from './gallery.module.css';

export function Gallery({ target, initialImages, limits, uploadsDisabledReason = null, children }: {
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
  usePasteAnywhere(gallery.addFiles, uploadsDisabledReason === null);
  const sectionRef = useRef<HTMLElement>(null);

  // The deleted tile took the focus with it: hand it to the next tile (or the drop zone).
  function deleteAndRefocus(key: string) {
    const index = items.findIndex((item) => item.key === key);
    const neighbour = items[index + 1] ?? items[index - 1];
    gallery.remove(items[index]);
    requestAnimationFrame(() => {
      const section = sectionRef.current;
      const next = neighbour && section?.querySelector<HTMLElement>(`[data-delete="${CSS.escape(neighbour.key)}"]`);
      (next ?? section?.querySelector<HTMLElement>('input[type=file]'))?.focus();
    });
  }

  return (
    <div className={styles.editor}>
      <section ref={sectionRef} className={styles.main} aria-labelledby="images-heading">
        <div className={styles.sectionHead}>
          <h2 id="images-heading">Images</h2>
          <span className={styles.count}>{gallery.counted} of {limits.maxImages}</span>
        </div>
        <UploadDropzone
          limits={limits}
          remaining={Math.max(0, limits.maxImages - gallery.counted - gallery.queued)}
          disabledReason={uploadsDisabledReason}
          onFiles={gallery.addFiles}
        />
        <Rejections rejections={gallery.rejections} onDismiss={gallery.dismissRejections} />
        {gallery.notice && <p className="form-error" role="alert">{gallery.notice}</p>}
        {gallery.queued > 0 && (
          <p className={styles.emptyGrid}>
            {gallery.queued} {gallery.queued === 1 ? 'image' : 'images'} will upload as soon as the listing is ready.
          </p>
        )}
        {items.length === 0 ? (
          <p className={styles.emptyGrid}>No images yet. The first image is the cover; drag the handles to change the order.</p>
        ) : (
          <SortableGrid
            items={items}
            onMove={gallery.move}
            renderItem={(item, handle) => (
              <ImageTile
                item={item}
                isCover={item.key === items[0].key}
                handle={handle}
                captionState={item.imageId ? gallery.captionStates[item.imageId] : undefined}
                onCaption={(caption) => gallery.setCaption(item, caption)}
                onCaptionRetry={() => item.imageId && gallery.retryCaption(item.imageId)}
                onDelete={() => deleteAndRefocus(item.key)}
                onRetry={() => gallery.retry(item)}
                onView={() => setViewing(item.key)}
              />
            )}
          />
        )}
        <p className="visually-hidden" role="status">{gallery.announcement}</p>
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
function usePasteAnywhere(onFiles: (files: File[]) => void, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.defaultPrevented || target?.closest('textarea, input:not([type=file]), [contenteditable]')) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      onFiles(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onFiles, enabled]);
}
