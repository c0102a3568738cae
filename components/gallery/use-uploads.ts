'use client';
// Uploads files into the gallery: prepare (one request per batch), PUT the bytes straight to
// storage (at most PARALLEL_UPLOADS at once, retried with backoff when the network drops),
// then confirm and fetch the server's thumbnail. Files live in a ref: they are not rendered.
import pLimit from 'p-limit';
import { useCallback, useEffect, useMemo, useRef, type Dispatch } from 'react';
import { PARALLEL_UPLOADS, type UploadType } from '@/lib/uploads/limits';
import { ApiError, confirmUploads, deleteImage, getImage, prepareUploads, type GalleryTarget, type PreparedUpload } from './gallery-api';
import type { GalleryAction, GalleryItem } from './gallery-items';
import { putFile, TransferError } from './put-file';
import { withRetry } from './retry';

const AUTO_RETRIES = 3;
const RETRY_BASE_MS = 1000;

interface Transfer {
  file: File;
  upload?: PreparedUpload;
  controller: AbortController;
  /** Storage has every byte: a retry only needs to confirm. */
  sent?: boolean;
}

const isTransient = (error: unknown) => (error instanceof TransferError || error instanceof ApiError) && error.transient;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong');

// Chromium cannot show HEIC: those wait for the server's thumbnail instead.
const previewable = (type: UploadType) => type !== 'image/heic' && type !== 'image/heif';

export function useUploads({
  target,
  dispatch,
  announce,
}: {
  target: GalleryTarget | null;
  dispatch: Dispatch<GalleryAction>;
  announce: (message: string) => void;
}) {
  const transfers = useRef(new Map<string, Transfer>());
  const limiter = useRef(pLimit(PARALLEL_UPLOADS));

  // Leaving the page ends every transfer and frees every preview.
  useEffect(() => {
    const current = transfers.current;
    return () => {
      for (const transfer of current.values()) transfer.controller.abort();
    };
  }, []);

  const finish = useCallback(
    async (key: string, imageId: string, filename: string) => {
      dispatch({ type: 'update', key, patch: { phase: 'confirming', error: null } });
      const signal = transfers.current.get(key)?.controller.signal;
      const result = await withRetry(
        async () => {
          const [first] = (await confirmUploads([imageId])).results;
          // Another confirm of the same image is still at work (a second tab): ask again shortly.
          if (first?.status === 'uploading') throw new ApiError(503, 'busy', 'The server is still checking this image');
          return first;
        },
        { retries: AUTO_RETRIES, baseDelayMs: RETRY_BASE_MS, isTransient, signal },
      );
      if (signal?.aborted) return;
      if (result?.status !== 'uploaded') {
        dispatch({ type: 'update', key, patch: { phase: 'error', error: result?.error ?? 'The server could not read this image' } });
        announce(`${filename} was refused: ${result?.error ?? 'unreadable image'}`);
        return;
      }
      const image = await withRetry(() => getImage(imageId), { retries: AUTO_RETRIES, baseDelayMs: RETRY_BASE_MS, isTransient, signal });
      transfers.current.delete(key);
      // The server's copy of the name (it drops unsafe characters) is what a reload will show.
      dispatch({ type: 'update', key, patch: { phase: 'uploaded', progress: 1, image, error: null, filename: image.originalFilename ?? filename } });
      announce(`${filename} uploaded`);
    },
    [dispatch, announce],
  );

  // Confirm alone: after the bytes arrived, and for an upload an earlier visit left behind.
  const confirm = useCallback(
    async (key: string, imageId: string, filename: string) => {
      await finish(key, imageId, filename).catch((error: unknown) => {
        if (transfers.current.get(key)?.controller.signal.aborted) return;
        dispatch({ type: 'update', key, patch: { phase: 'failed', error: messageOf(error) } });
        announce(`${filename} was not checked: ${messageOf(error)}`);
      });
    },
    [dispatch, announce, finish],
  );

  const transfer = useCallback(
    async (key: string, imageId: string, filename: string) => {
      const entry = transfers.current.get(key);
      if (!entry?.upload || entry.controller.signal.aborted) return;
      const { upload, file, controller } = entry;
      dispatch({ type: 'update', key, patch: { phase: 'uploading', progress: 0, error: null, startedAt: Date.now() } });
      try {
        await withRetry(
          () =>
            putFile(upload, file, {
              signal: controller.signal,
              onProgress: (progress) => dispatch({ type: 'update', key, patch: { phase: 'uploading', progress } }),
            }),
          {
            retries: AUTO_RETRIES,
            baseDelayMs: RETRY_BASE_MS,
            isTransient,
            signal: controller.signal,
            onRetry: (attempt, delay) =>
              dispatch({
                type: 'update',
                key,
                patch: {
                  phase: 'retrying',
                  progress: 0,
                  error: `Connection lost; trying again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${AUTO_RETRIES + 1})`,
                },
              }),
          },
        );
      } catch (error) {
        if (controller.signal.aborted) return;
        dispatch({ type: 'update', key, patch: { phase: 'failed', error: messageOf(error) } });
        announce(`${filename} did not upload: ${messageOf(error)}`);
        return;
      }
      entry.sent = true;
      await confirm(key, imageId, filename);
    },
    [dispatch, announce, confirm],
  );

  const schedule = useCallback(
    (key: string, imageId: string, filename: string) => {
      dispatch({ type: 'update', key, patch: { phase: 'queued', progress: 0, error: null } });
      void limiter.current(() => transfer(key, imageId, filename));
    },
    [dispatch, transfer],
  );

  /** Uploads files, appended to the grid or, replacing an earlier upload, at `index`. */
  const addFiles = useCallback(
    async (files: { file: File; type: UploadType }[], index?: number) => {
      if (!target || files.length === 0) return;
      const items: GalleryItem[] = files.map(({ file, type }) => ({
        key: `local-${crypto.randomUUID()}`,
        imageId: null,
        filename: file.name,
        phase: 'preparing',
        progress: 0,
        bytes: file.size,
        previewUrl: previewable(type) ? URL.createObjectURL(file) : null,
        error: null,
        caption: '',
        image: null,
      }));
      items.forEach((item, i) => {
        transfers.current.set(item.key, { file: files[i].file, controller: new AbortController() });
      });
      dispatch({ type: 'add', items, index });
      announce(`${items.length} ${items.length === 1 ? 'image' : 'images'} added, uploading`);
      let uploads: PreparedUpload[];
      try {
        ({ uploads } = await withRetry(
          () =>
            prepareUploads(
              target,
              files.map(({ file, type }) => ({ filename: file.name, size: file.size, type })),
            ),
          { retries: AUTO_RETRIES, baseDelayMs: RETRY_BASE_MS, isTransient },
        ));
      } catch (error) {
        for (const item of items) {
          transfers.current.delete(item.key);
          dispatch({ type: 'update', key: item.key, patch: { phase: 'error', error: messageOf(error) } });
        }
        announce(`The images were not added: ${messageOf(error)}`);
        return;
      }
      uploads.forEach((upload, i) => {
        const { key, filename } = items[i];
        const entry = transfers.current.get(key);
        // Deleted while the server was preparing it: the row exists now, so remove it too.
        if (!entry || entry.controller.signal.aborted) {
          void deleteImage(upload.imageId).catch(() => {});
          return;
        }
        entry.upload = upload;
        dispatch({ type: 'update', key, patch: { imageId: upload.imageId } });
        schedule(key, upload.imageId, filename);
      });
    },
    [target, dispatch, announce, schedule],
  );

  /** Tries again from the step that failed: the PUT, or only the confirm when the bytes arrived
   * (or when an earlier visit left the upload and this page does not have the file). */
  const retry = useCallback(
    (item: GalleryItem) => {
      if (!item.imageId) return;
      const entry = transfers.current.get(item.key);
      if (entry?.upload && !entry.sent) return schedule(item.key, item.imageId, item.filename);
      void confirm(item.key, item.imageId, item.filename);
    },
    [schedule, confirm],
  );

  /** Stops whatever is under way for an item that is being deleted. */
  const cancel = useCallback((item: GalleryItem) => {
    transfers.current.get(item.key)?.controller.abort();
    transfers.current.delete(item.key);
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
  }, []);

  return useMemo(() => ({ addFiles, retry, cancel }), [addFiles, retry, cancel]);
}
