// The gallery's one piece of state: its items in display order, server images and local
// uploads alike. Everything else (counts, busy, what the lightbox can show) is derived.
import type { GalleryImage } from '@/lib/images/gallery-image';

export type Phase =
  | 'preparing' // asking the server for an upload URL
  | 'queued' // waiting for one of the parallel upload slots
  | 'uploading' // bytes on their way to storage
  | 'retrying' // the connection dropped; waiting to try again
  | 'confirming' // the server checks the bytes and makes a thumbnail
  | 'failed' // gave up on the network: the person can retry
  | 'uploaded'
  | 'error' // the server refused the file
  | 'interrupted'; // left uploading by an earlier visit; its bytes may or may not have arrived

export interface GalleryItem {
  /** Stable across the item's life: the React key and the sortable id. */
  key: string;
  imageId: string | null;
  filename: string;
  phase: Phase;
  /** Fraction of the bytes sent, 0–1. */
  progress: number;
  /** The file's size when this page holds its bytes (progress in bytes), else null. */
  bytes: number | null;
  previewUrl: string | null;
  error: string | null;
  /** What the caption field shows; saved to the server as it is typed. */
  caption: string;
  image: GalleryImage | null;
  /** When the bytes started on their way (for the time left). */
  startedAt?: number;
  /** Deleted with the undo window still open: out of sight, not yet gone on the server. */
  hidden?: boolean;
}

export const IN_FLIGHT: ReadonlySet<Phase> = new Set(['preparing', 'queued', 'uploading', 'retrying', 'confirming']);

export function fromImage(image: GalleryImage): GalleryItem {
  const phase: Phase = image.status === 'uploaded' ? 'uploaded' : image.status === 'error' ? 'error' : 'interrupted';
  return {
    key: image.id,
    imageId: image.id,
    filename: image.originalFilename ?? 'image',
    phase,
    progress: phase === 'uploaded' ? 1 : 0,
    bytes: null,
    previewUrl: null,
    error: phase === 'interrupted' ? 'Left before the upload finished.' : image.error,
    caption: image.caption,
    image,
  };
}

/** What people see: everything but the items waiting out their undo window. */
export const visibleItems = (items: GalleryItem[]) => items.filter((item) => !item.hidden);

export type GalleryAction =
  | { type: 'add'; items: GalleryItem[]; index?: number }
  | { type: 'update'; key: string; patch: Partial<Omit<GalleryItem, 'key'>> }
  | { type: 'remove'; key: string }
  | { type: 'restore'; item: GalleryItem; index: number }
  | { type: 'hide'; key: string }
  | { type: 'unhide'; key: string }
  | { type: 'order'; keys: string[] }
  | { type: 'move'; key: string; by: -1 | 1 };

export function galleryReducer(items: GalleryItem[], action: GalleryAction): GalleryItem[] {
  switch (action.type) {
    case 'add':
      return action.index === undefined ? [...items, ...action.items] : [...items.slice(0, action.index), ...action.items, ...items.slice(action.index)];
    case 'update':
      return items.map((item) => (item.key === action.key ? { ...item, ...action.patch } : item));
    case 'remove':
      return items.filter((item) => item.key !== action.key);
    case 'restore':
      return [...items.slice(0, action.index), action.item, ...items.slice(action.index)];
    case 'hide':
    case 'unhide':
      return items.map((item) => (item.key === action.key ? { ...item, hidden: action.type === 'hide' } : item));
    case 'order':
      return reorderSlots(items, action.keys);
    case 'move': {
      const keys = visibleItems(items).map((item) => item.key);
      const from = keys.indexOf(action.key);
      const to = from + action.by;
      if (from === -1 || to < 0 || to >= keys.length) return items;
      [keys[from], keys[to]] = [keys[to], keys[from]];
      return reorderSlots(items, keys);
    }
  }
}

// The listed keys take the places the listed items held, in the new order; every other item
// (one hidden for undo, one added while a drag was under way) keeps its own place, so an
// undone delete comes back exactly where it was.
function reorderSlots(items: GalleryItem[], keys: string[]): GalleryItem[] {
  const byKey = new Map(items.map((item) => [item.key, item]));
  const ordered = keys.flatMap((key) => byKey.get(key) ?? []);
  const listed = new Set(ordered.map((item) => item.key));
  let next = 0;
  return items.map((item) => (listed.has(item.key) ? ordered[next++] : item));
}
