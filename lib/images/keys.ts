/** The thumbnail of `a/b/c.jpg` is `a/b/c.thumb.webp`: next to its original, removed with it. */
export function thumbnailKeyFor(key: string) {
  return `${key.replace(/\.[A-Za-z0-9]+$/, '')}.thumb.webp`;
}

/** The objects an image row names: its original, and its thumbnail when it has one. */
export function objectKeysOf(row: { key: string; thumbnailKey: string | null }) {
  return row.thumbnailKey ? [row.key, row.thumbnailKey] : [row.key];
}
