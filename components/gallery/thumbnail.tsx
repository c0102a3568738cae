'use client';
// An image that shows its ThumbHash blur at once and fades the real picture in over it.
// The box is sized by its parent, so nothing moves when it arrives. A picture that fails to
// load leaves a quiet "not available" in its place, never the browser's broken-image icon.
import { useMemo, useState } from 'react';
import { ImageIcon } from './icons';
import { placeholderDataUrl } from '@/components/image/imagedock-image';
import styles from './gallery.module.css';

export function Thumbnail({
  src,
  srcSet,
  sizes,
  placeholder,
  alt = '',
  fit = 'cover',
  loading,
}: {
  src: string | null;
  /** Renditions with `w` descriptors (the API's `srcset`), when the image has them. */
  srcSet?: string | null;
  sizes?: string;
  placeholder: string | null;
  alt?: string;
  fit?: 'cover' | 'contain';
  loading?: 'lazy' | 'eager';
}) {
  const blur = useMemo(() => placeholderDataUrl(placeholder), [placeholder]);
  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const failed = src !== null && failedSrc === src;
  return (
    <span className={styles.thumb} style={blur && !failed ? { backgroundImage: `url(${blur})` } : undefined} data-fit={fit}>
      {failed ? (
        <span className={styles.thumbFailed} {...(alt ? { role: 'img', 'aria-label': `${alt} (not available)` } : {})}>
          <ImageIcon />
          <span aria-hidden="true">Image not available</span>
        </span>
      ) : (
        src && (
          // A plain img: signed storage URLs expire, so Next's image optimiser must not cache them.
          <img
            src={src}
            srcSet={srcSet ?? undefined}
            sizes={srcSet ? sizes : undefined}
            alt={alt}
            decoding="async"
            loading={loading}
            className={styles.thumbImg}
            data-loaded={loadedSrc === src}
            data-fit={fit}
            // A cached image can finish before hydration attaches onLoad: check on mount too.
            ref={(img) => {
              if (img?.complete && img.naturalWidth > 0) setLoadedSrc(src);
              else if (img?.complete && img.currentSrc) setFailedSrc(src); // failed before hydration
            }}
            onLoad={() => setLoadedSrc(src)}
            onError={() => setFailedSrc(src)}
          />
        )
      )}
    </span>
  );
}

/** The API's `srcset` where an image object has one (once image delivery lands), else null. */
export const srcsetOf = (image: object | null | undefined): string | null => {
  const value = image && 'srcset' in image ? (image as { srcset?: unknown }).srcset : null;
  return typeof value === 'string' && value !== '' ? value : null;
};
