/** The thumbnail of `a/b/c.jpg` is `a/b/c.thumb.webp`: next to its original, removed with it. */
export function thumbnailKeyFor(key: string) {
  return key.replace(/\.[A-Za-z0-9]+$/, '') + '.thumb.webp';
}
