'use client';
// Delete with undo, as Google Photos does it: the image leaves the grid at once, and is deleted
// on the server only when the undo window closes, when the page is left (a keepalive request
// that outlives the page), or before anything that needs the server's count to be right.
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import { ApiError, deleteImage } from './gallery-api';
import type { GalleryAction, GalleryItem } from './gallery-items';

const UNDO_WINDOW_MS = 5000;

export function useUndoableDelete({
  dispatch,
  onDeleted,
  onFailed,
}: {
  dispatch: Dispatch<GalleryAction>;
  onDeleted: (item: GalleryItem) => void;
  onFailed: (item: GalleryItem, error: unknown) => void;
}) {
  // Everything deleted since the window last closed: one Undo brings them all back.
  const pending = useRef(new Map<string, GalleryItem>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [shown, setShown] = useState<GalleryItem[]>([]);

  const commit = useCallback(async () => {
    clearTimeout(timer.current);
    const items = [...pending.current.values()];
    pending.current.clear();
    setShown([]);
    await Promise.all(
      items.map(async (item) => {
        try {
          if (item.imageId) await deleteImage(item.imageId);
        } catch (error) {
          // Already gone is what was wanted; anything else brings the image back, said why.
          if (!(error instanceof ApiError && error.status === 404)) {
            dispatch({ type: 'unhide', key: item.key });
            onFailed(item, error);
            return;
          }
        }
        dispatch({ type: 'remove', key: item.key });
        onDeleted(item);
      }),
    );
  }, [dispatch, onDeleted, onFailed]);

  const remove = useCallback(
    (item: GalleryItem) => {
      dispatch({ type: 'hide', key: item.key });
      pending.current.set(item.key, item);
      setShown([...pending.current.values()]);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void commit(), UNDO_WINDOW_MS);
    },
    [dispatch, commit],
  );

  // The window waits while the person is on the toast (focus or pointer): time to read and
  // reach Undo is theirs (WCAG 2.2.1), and it starts again, whole, when they leave it.
  const hold = useCallback(() => clearTimeout(timer.current), []);
  const release = useCallback(() => {
    clearTimeout(timer.current);
    if (pending.current.size > 0) timer.current = setTimeout(() => void commit(), UNDO_WINDOW_MS);
  }, [commit]);

  /** Brings back everything still in the window; returns what came back. */
  const undo = useCallback(() => {
    clearTimeout(timer.current);
    const items = [...pending.current.values()];
    pending.current.clear();
    setShown([]);
    for (const item of items) dispatch({ type: 'unhide', key: item.key });
    return items;
  }, [dispatch]);

  // Leaving the page (a link, a reload, closing the tab) deletes for real: fetch with
  // keepalive is sent even as the page goes away; sendBeacon cannot DELETE.
  useEffect(() => {
    const current = pending.current;
    const sendNow = () => {
      clearTimeout(timer.current);
      for (const item of current.values()) {
        if (item.imageId) void fetch(`/api/images/${encodeURIComponent(item.imageId)}`, { method: 'DELETE', keepalive: true }).catch(() => {});
      }
      current.clear();
    };
    const onPageHide = () => {
      const keys = [...current.keys()];
      sendNow();
      // Back from the back/forward cache, the page must not show what is gone.
      for (const key of keys) dispatch({ type: 'remove', key });
      setShown([]);
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      sendNow();
    };
  }, [dispatch]);

  return { remove, undo, commit, hold, release, deleted: shown };
}
