// The gallery's one piece of state: its items in display order, server images and local
// uploads alike. Everything else (counts, busy, what the lightbox can show) is derived.
import type { GalleryImage } from '@/lib/images/gallery-image';

export type Phase =
  | 'preparing'   // asking the server for an upload URL
  | 'queued'      // waiting for one of the parallel upload slots
  | 'uploading'   // bytes on their way to storage
  | 'retrying'    // the connection dropped; waiting to try again
  | 'confirming'  // the server checks the bytes and makes a thumbnail
  | 'failed'      // gave up on the network: the person can retry
  | 'uploaded'
  | 'error'       // the server refused the file
  | 'interrupted'; // left uploading by an earlier visit; its bytes are not in this page

export interface GalleryItem {
  /** Stable across the item's life: the React key and the sortable id. */
  key: string;
  imageId: string | null;
  filename: string;
  phase: Phase;
  progress: number;
  previewUrl: string | null;
  error: string | null;
  /** What the caption field shows; saved to the server as it is typed. */
  caption: string;
  image: GalleryImage | null;
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
    previewUrl: null,
    error: phase === 'interrupted' ? 'This upload was interrupted; delete it and add the file again' : image.error,
    caption: image.caption,
    image,
  };
}

export type GalleryAction =
  | { type: 'add'; items: GalleryItem[] }
  | { type: 'update'; key: string; patch: Partial<Omit<GalleryItem, 'key'>> }
  | { type: 'remove'; key: string }
  | { type: 'restore'; item: GalleryItem; index: number }
  | { type: 'order'; keys: string[] };

export function galleryReducer(items: GalleryItem[], action: GalleryAction): GalleryItem[] {
  switch (action.type) {
    case 'add':
      return [...items, ...action.items];
    case 'update':
      return items.map((item) => (item.key === action.key ? { ...item, ...action.patch } : item));
    case 'remove':
      return items.filter((item) => item.key !== action.key);
    case 'restore':
      return [...items.slice(0, action.index), action.item, ...items.slice(action.index)];
    case 'order': {
      const byKey = new Map(items.map((item) => [item.key, item]));
      const ordered = action.keys.flatMap((key) => byKey.get(key) ?? []);
      // Items added while the order was being decided keep their place at the end.
      return [...ordered, ...items.filter((item) => !action.keys.includes(item.key))];
    }
  }
}
