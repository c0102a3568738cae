'use client';
// The gallery's behaviour in one place: items, uploads, captions, order, deletion, and what
// people are told about each. Components only render what this returns.
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { GalleryImage } from '@/lib/images/gallery-image';
import { checkSelectedFiles } from '@/lib/uploads/check-selected-files';
import type { UploadLimits } from '@/lib/uploads/limits';
import { ApiError, deleteImage, saveOrder, type GalleryTarget } from './gallery-api';
import { fromImage, galleryReducer, IN_FLIGHT, type GalleryItem } from './gallery-items';
import { useCaptionSaves } from './use-caption-saves';
import { useUploads } from './use-uploads';
import { useWhenIdle } from './use-when-idle';

export type Rejection = { filename: string; reason: string };

export function useGallery({ target, initialImages, limits }: {
  target: GalleryTarget | null;
  initialImages: GalleryImage[];
  limits: UploadLimits;
}) {
  const [items, dispatch] = useReducer(galleryReducer, initialImages, (images) => images.map(fromImage));
  const [rejections, setRejections] = useState<Rejection[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [orderVersion, setOrderVersion] = useState(0);
  // Callbacks read the latest items through this rather than capturing a stale list.
  const itemsRef = useRef(items);
  useLayoutEffect(() => {
    itemsRef.current = items;
  }, [items]);

  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const uploads = useUploads({ target, dispatch, announce });
  const captions = useCaptionSaves();

  // Images the server counts against the limit: everything but refused files.
  const counted = items.filter((item) => item.phase !== 'error').length;
  const uploading = items.some((item) => IN_FLIGHT.has(item.phase));
  const busy = uploading || captions.unsaved;
  const whenIdle = useWhenIdle(busy);

  // Files chosen before the upload area exists (the first moments on /listings/new) wait
  // here and start as soon as it does; none is dropped without a word.
  const [queued, setQueued] = useState<Parameters<typeof uploads.addFiles>[0]>([]);
  const addFiles = useCallback((files: readonly File[]) => {
    if (files.length === 0) return;
    const { accepted, rejected } = checkSelectedFiles(files, { limits, existing: counted + queued.length });
    setRejections(rejected);
    if (rejected.length > 0) announce(`${rejected.length} ${rejected.length === 1 ? 'file was' : 'files were'} not added`);
    if (target) return void uploads.addFiles(accepted);
    if (accepted.length === 0) return;
    setQueued((waiting) => [...waiting, ...accepted]);
    announce(`${accepted.length} ${accepted.length === 1 ? 'image' : 'images'} will upload as soon as the listing is ready`);
  }, [limits, counted, queued.length, announce, uploads, target]);
  useEffect(() => {
    if (!target || queued.length === 0) return;
    setQueued([]);
    void uploads.addFiles(queued);
  }, [target, queued, uploads]);

  // Drag-and-drop announces moves itself (sortable-grid.tsx), so this stays quiet.
  const move = useCallback((keys: string[]) => {
    dispatch({ type: 'order', keys });
    setOrderVersion((v) => v + 1);
  }, []);

  // The order is saved once every image in it has a server id (a batch being prepared has none
  // yet), one save after another so the last arrangement is the one kept.
  const savedVersion = useRef(0);
  const orderChain = useRef<Promise<unknown>>(Promise.resolve());
  const preparing = items.some((item) => item.phase === 'preparing');
  useEffect(() => {
    if (!target || orderVersion === savedVersion.current || preparing) return;
    savedVersion.current = orderVersion;
    const imageIds = itemsRef.current.flatMap((item) => (item.imageId ? [item.imageId] : []));
    if (imageIds.length === 0) return;
    orderChain.current = orderChain.current.then(() => saveOrder(target, imageIds)).then(
      () => setNotice(null),
      (error: unknown) => setNotice(`The new order was not saved: ${error instanceof Error ? error.message : 'unknown error'}. Reload the page to see the saved order.`),
    );
  }, [target, orderVersion, preparing]);

  const remove = useCallback((item: GalleryItem) => {
    const index = itemsRef.current.findIndex((i) => i.key === item.key);
    uploads.cancel(item);
    if (item.imageId) captions.forget(item.imageId);
    dispatch({ type: 'remove', key: item.key });
    announce(`${item.filename} deleted`);
    if (!item.imageId) return;
    deleteImage(item.imageId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return; // already gone: the goal
      const phase = IN_FLIGHT.has(item.phase) ? 'interrupted' : item.phase;
      dispatch({ type: 'restore', item: { ...item, phase, previewUrl: null }, index });
      setNotice(`${item.filename} was not deleted: ${error instanceof Error ? error.message : 'unknown error'}`);
    });
  }, [uploads, captions, announce]);

  const setCaption = useCallback((item: GalleryItem, caption: string) => {
    dispatch({ type: 'update', key: item.key, patch: { caption } });
    if (item.imageId) captions.change(item.imageId, caption);
  }, [captions]);

  /** Waits until everything typed is stored and every upload has ended; says what went wrong. */
  const settle = useCallback(async (): Promise<string | null> => {
    const captionsSaved = await captions.flush();
    await whenIdle();
    await orderChain.current;
    if (!captionsSaved) return 'Some captions were not saved; try them again first.';
    if (itemsRef.current.some((item) => item.phase !== 'uploaded')) return 'Retry or delete the images that did not upload first.';
    return null;
  }, [whenIdle, captions]);

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
    captionStates: captions.states,
    retryCaption: captions.retry,
    setCaption,
    addFiles,
    move,
    remove,
    retry: uploads.retry,
    settle,
  };
}

export type GalleryModel = ReturnType<typeof useGallery>;
