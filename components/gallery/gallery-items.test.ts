import { describe, expect, it } from 'vitest';
import { galleryReducer, visibleItems, type GalleryItem } from './gallery-items';

const item = (key: string, extra: Partial<GalleryItem> = {}): GalleryItem => ({
  key,
  imageId: key,
  filename: `${key}.png`,
  phase: 'uploaded',
  progress: 1,
  bytes: null,
  previewUrl: null,
  error: null,
  caption: '',
  image: null,
  ...extra,
});
const keys = (items: GalleryItem[]) => items.map((i) => i.key);

describe('galleryReducer', () => {
  const abc = [item('a'), item('b'), item('c')];

  it('hides a deleted item in place and brings it back exactly there on undo', () => {
    const hidden = galleryReducer(abc, { type: 'hide', key: 'b' });
    expect(keys(visibleItems(hidden))).toEqual(['a', 'c']);
    expect(keys(hidden)).toEqual(['a', 'b', 'c']);
    expect(keys(visibleItems(galleryReducer(hidden, { type: 'unhide', key: 'b' })))).toEqual(['a', 'b', 'c']);
  });

  it('reorders the visible items while a hidden one keeps its slot', () => {
    const hidden = galleryReducer(abc, { type: 'hide', key: 'b' });
    const moved = galleryReducer(hidden, { type: 'order', keys: ['c', 'a'] });
    expect(keys(moved)).toEqual(['c', 'b', 'a']);
    expect(keys(visibleItems(moved))).toEqual(['c', 'a']);
  });

  it('keeps an item added during a drag (not in the new order) where it is', () => {
    const withD = galleryReducer(abc, { type: 'add', items: [item('d', { phase: 'preparing' })] });
    expect(keys(galleryReducer(withD, { type: 'order', keys: ['b', 'a', 'c'] }))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('moves one place earlier or later among the visible items, skipping hidden ones', () => {
    expect(keys(galleryReducer(abc, { type: 'move', key: 'b', by: -1 }))).toEqual(['b', 'a', 'c']);
    expect(keys(galleryReducer(abc, { type: 'move', key: 'b', by: 1 }))).toEqual(['a', 'c', 'b']);
    const hidden = galleryReducer(abc, { type: 'hide', key: 'b' });
    expect(keys(visibleItems(galleryReducer(hidden, { type: 'move', key: 'c', by: -1 })))).toEqual(['c', 'a']);
  });

  it('does nothing for a move past either end or of an unknown key', () => {
    expect(galleryReducer(abc, { type: 'move', key: 'a', by: -1 })).toBe(abc);
    expect(galleryReducer(abc, { type: 'move', key: 'c', by: 1 })).toBe(abc);
    expect(galleryReducer(abc, { type: 'move', key: 'zz', by: 1 })).toBe(abc);
  });

  it('adds a replacement at the index of the item it replaces', () => {
    const without = galleryReducer(abc, { type: 'remove', key: 'b' });
    expect(keys(galleryReducer(without, { type: 'add', items: [item('b2')], index: 1 }))).toEqual(['a', 'b2', 'c']);
  });

  it('restores a removed item at its index', () => {
    const without = galleryReducer(abc, { type: 'remove', key: 'a' });
    expect(keys(galleryReducer(without, { type: 'restore', item: abc[0], index: 0 }))).toEqual(['a', 'b', 'c']);
  });
});
