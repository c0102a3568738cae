// Builds an HTML `srcset` from candidate URLs and their widths. No imports: browser code and
// other apps can copy this file as it is (README, "Responsive images").
export interface SrcsetCandidate {
  url: string;
  width: number;
}

/** `url 640w, url 1280w`, narrowest first, one candidate per width. */
export function srcset(candidates: readonly SrcsetCandidate[]): string {
  const seen = new Set<number>();
  return [...candidates]
    .sort((a, b) => a.width - b.width)
    .filter((c) => c.width > 0 && !seen.has(c.width) && seen.add(c.width))
    .map((c) => `${c.url} ${c.width}w`)
    .join(', ');
}

/**
 * The narrowest candidate of a `srcset` string, for `src`: browsers that read srcset ignore
 * it, and one that fetches it early wastes the fewest bytes.
 */
export function smallestCandidate(set: string): string | undefined {
  let best: SrcsetCandidate | undefined;
  for (const part of set.split(/,\s+/)) {
    const [url, descriptor] = part.trim().split(/\s+/);
    const width = Number.parseInt(descriptor ?? '', 10);
    if (url && (!best || width < best.width)) best = { url, width };
  }
  return best?.url;
}
