'use client';
// An image that shows its ThumbHash blur at once and fades the real picture in over it.
// The box is sized by its parent (a fixed aspect ratio), so nothing moves when it arrives.
import { useMemo, useState } from 'react';
import { thumbHashToDataURL } from 'thumbhash';
import styles from './gallery.module.css';

function placeholderUrl(placeholder: string | null): string | null {
  if (!placeholder) return null;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(placeholder), (c) => c.charCodeAt(0)));
  } catch {
    return null; // a damaged hash only costs the blur
  }
}

export function Thumbnail({ src, placeholder, alt = '', fit = 'cover' }: {
  src: string | null;
  placeholder: string | null;
  alt?: string;
  fit?: 'cover' | 'contain';
}) {
  const blur = useMemo(() => placeholderUrl(placeholder), [placeholder]);
  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  return (
    <span className={styles.thumb} style={blur ? { backgroundImage: `url(${blur})` } : undefined}>
      {src && (
        // A plain img: signed storage URLs expire, so Next's image optimiser must not cache them.
        <img
          src={src}
          alt={alt}
          decoding="async"
          className={styles.thumbImg}
          data-loaded={loadedSrc === src}
          data-fit={fit}
          // A cached image can finish before hydration attaches onLoad: check on mount too.
          ref={(img) => {
            if (img?.complete && img.naturalWidth > 0) setLoadedSrc(src);
          }}
          onLoad={() => setLoadedSrc(src)}
        />
      )}
    </span>
  );
}
