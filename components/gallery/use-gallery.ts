'use client';
// The gallery's behaviour in one place: items, uploads, captions, order, deletion, and what
// people are told about each. Components only render what this returns.
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { GalleryImage } from '@/lib/images/gallery-image';
import { checkSelectedFiles } from '@/lib/uploads/check-selected-files';
import type { UploadLimits } from '@/lib/uploads/limits';
import { ApiError, deleteImage, saveOrder, type GalleryTarget } from './gallery-api';
import { fromImage, galleryReducer, IN_FLIGHT, visibleItems, type GalleryItem } from './gallery-items';
import { useCaptionSaves } from './use-caption-saves';
import { useUndoableDelete } from './use-undoable-delete';
import { useUploads } from './use-uploads';
import { useWhenIdle } from './use-when-idle';

export type Rejection = { filename: string; reason: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : 'unknown error');

export function useGallery({ target, initialImages, limits }: { target: GalleryTarget | null; initialImages: GalleryImage[]; limits: UploadLimits }) {
  const [all, dispatch] = useReducer(galleryReducer, initialImages, (images) => images.map(fromImage));
  const items = useMemo(() => visibleItems(all), [all]);
  const [rejections, setRejections] = useState<Rejection[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [orderVersion, setOrderVersion] = useState(0);
  // Callbacks read the latest items through this rather than capturing a stale list.
  const itemsRef = useRef(all);
  useLayoutEffect(() => {
    itemsRef.current = all;
  }, [all]);

  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const uploads = useUploads({ target, dispatch, announce });
  const captions = useCaptionSaves();
  const deletions = useUndoableDelete({
    dispatch,
    onDeleted: useCallback(
      (item: GalleryItem) => {
        if (item.imageId) captions.forget(item.imageId);
        uploads.cancel(item); // frees its local preview
      },
      [captions, uploads],
    ),
    onFailed: useCallback((item: GalleryItem, error: unknown) => {
      setNotice(`${item.filename} was not deleted: ${messageOf(error)}`);
    }, []),
  });

  // Images the server counts against the limit: everything but refused files. Images in their
  // undo window still count there, so they are deleted for real before anything is added.
  const counted = items.filter((item) => item.phase !== 'error').length;
  const uploading = items.some((item) => IN_FLIGHT.has(item.phase));
  const busy = uploading || captions.unsaved;
  const whenIdle = useWhenIdle(busy);

  const accept = useCallback(
    (files: readonly File[], existing: number) => {
      const { accepted, rejected } = checkSelectedFiles(files, { limits, existing });
      setRejections(rejected);
      if (rejected.length > 0) announce(`${rejected.length} ${rejected.length === 1 ? 'file was' : 'files were'} not added`);
      return accepted;
    },
    [limits, announce],
  );

  // Files chosen before the upload area exists (the first moments on /listings/new) wait
  // here and start as soon as it does; none is dropped without a word.
  const [queued, setQueued] = useState<Parameters<typeof uploads.addFiles>[0]>([]);
  const addFiles = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      const accepted = accept(files, counted + queued.length);
      if (accepted.length === 0) return;
      if (!target) {
        setQueued((waiting) => [...waiting, ...accepted]);
        announce(`${accepted.length} ${accepted.length === 1 ? 'image' : 'images'} will upload as soon as the listing is ready`);
        return;
      }
      await deletions.commit();
      void uploads.addFiles(accepted);
    },
    [accept, counted, queued.length, target, announce, deletions, uploads],
  );
  useEffect(() => {
    if (!target || queued.length === 0) return;
    setQueued([]);
    void uploads.addFiles(queued);
  }, [target, queued, uploads]);

  const orderChanged = useCallback(() => setOrderVersion((v) => v + 1), []);

  // Drag-and-drop announces moves itself (sortable-grid.tsx), so this stays quiet.
  const move = useCallback(
    (keys: string[]) => {
      dispatch({ type: 'order', keys });
      orderChanged();
    },
    [orderChanged],
  );

  /** "Move earlier" / "Move later": one place, said aloud as a drag would be. */
  const moveBy = useCallback(
    (item: GalleryItem, by: -1 | 1) => {
      const visible = visibleItems(itemsRef.current);
      const to = visible.findIndex((i) => i.key === item.key) + by;
      if (to < 0 || to >= visible.length) {
        announce(`${item.filename} is already ${by < 0 ? 'first' : 'last'}.`);
        return;
      }
      dispatch({ type: 'move', key: item.key, by });
      orderChanged();
      announce(`${item.filename} moved to position ${to + 1} of ${visible.length}.`);
    },
    [announce, orderChanged],
  );

  // The order is saved once every image in it has a server id (a batch being prepared has none
  // yet), one save after another so the last arrangement is the one kept. Images waiting out
  // their undo window are still the server's, so they are in the list it is sent.
  const savedVersion = useRef(0);
  const orderChain = useRef<Promise<unknown>>(Promise.resolve());
  const preparing = all.some((item) => item.phase === 'preparing');
  useEffect(() => {
    if (!target || orderVersion === savedVersion.current || preparing) return;
    savedVersion.current = orderVersion;
    const imageIds = itemsRef.current.flatMap((item) => (item.imageId ? [item.imageId] : []));
    if (imageIds.length === 0) return;
    orderChain.current = orderChain.current
      .then(() => saveOrder(target, imageIds))
      .then(
        () => setNotice(null),
        (error: unknown) => setNotice(`The new order was not saved: ${messageOf(error)}. Reload the page to see the saved order.`),
      );
  }, [target, orderVersion, preparing]);

  /** Stops an upload under way and removes it: nothing of it was shown yet, so no undo. */
  const cancel = useCallback(
    (item: GalleryItem) => {
      uploads.cancel(item);
      dispatch({ type: 'remove', key: item.key });
      if (item.imageId) deleteImage(item.imageId).catch(() => {}); // else clean-up takes the row
      announce(`Upload of ${item.filename} cancelled`);
    },
    [uploads, announce],
  );

  const cancelAll = useCallback(() => {
    const inFlight = visibleItems(itemsRef.current).filter((item) => IN_FLIGHT.has(item.phase));
    for (const item of inFlight) uploads.cancel(item);
    for (const item of inFlight) {
      dispatch({ type: 'remove', key: item.key });
      if (item.imageId) deleteImage(item.imageId).catch(() => {});
    }
    announce(`${inFlight.length} ${inFlight.length === 1 ? 'upload' : 'uploads'} cancelled`);
  }, [uploads, announce]);

  const remove = useCallback(
    (item: GalleryItem) => {
      if (IN_FLIGHT.has(item.phase)) return cancel(item);
      deletions.remove(item);
      announce(`${item.filename} deleted. Undo is available for a few seconds.`);
    },
    [cancel, deletions, announce],
  );

  const undo = useCallback(() => {
    const restored = deletions.undo();
    if (restored.length > 0) announce(`${restored.map((i) => i.filename).join(', ')} restored`);
    return restored;
  }, [deletions, announce]);

  /** Puts a new file where an upload that never arrived was, and uploads it. */
  const replace = useCallback(
    async (item: GalleryItem, file: File) => {
      const [accepted] = accept([file], counted - 1);
      if (!accepted) return;
      await deletions.commit(); // the server still counts images in their undo window
      const index = itemsRef.current.findIndex((i) => i.key === item.key);
      uploads.cancel(item);
      dispatch({ type: 'remove', key: item.key });
      if (item.imageId) {
        try {
          await deleteImage(item.imageId);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) {
            dispatch({ type: 'restore', item, index });
            return setNotice(`${item.filename} could not be replaced: ${messageOf(error)}`);
          }
        }
      }
      await uploads.addFiles([accepted], index);
      orderChanged();
    },
    [accept, counted, deletions, uploads, orderChanged],
  );

  const setCaption = useCallback(
    (item: GalleryItem, caption: string) => {
      dispatch({ type: 'update', key: item.key, patch: { caption } });
      if (item.imageId) captions.change(item.imageId, caption);
    },
    [captions],
  );

  /** Waits until everything typed is stored and every upload has ended; says what went wrong. */
  const settle = useCallback(async (): Promise<string | null> => {
    await deletions.commit();
    const captionsSaved = await captions.flush();
    await whenIdle();
    await orderChain.current;
    if (!captionsSaved) return 'Some captions were not saved; try them again first.';
    if (visibleItems(itemsRef.current).some((item) => item.phase !== 'uploaded')) return 'Retry or delete the images that did not upload first.';
    return null;
  }, [whenIdle, captions, deletions]);

  // Closing the tab or reloading mid-upload would lose work: ask first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  return {
    items,
    counted,
    /** Files waiting for the upload area to exist. */
    queued: queued.length,
    uploading,
    busy,
    rejections,
    dismissRejections: () => setRejections([]),
    notice,
    announcement,
    deleted: deletions.deleted,
    holdUndo: deletions.hold,
    releaseUndo: deletions.release,
    captionStates: captions.states,
    retryCaption: captions.retry,
    setCaption,
    addFiles,
    move,
    moveBy,
    remove,
    undo,
    cancel,
    cancelAll,
    replace,
    retry: uploads.retry,
    canRetry: (item: GalleryItem) => item.phase === 'failed' || item.phase === 'interrupted',
    settle,
  };
}

export type GalleryModel = ReturnType<typeof useGallery>;
