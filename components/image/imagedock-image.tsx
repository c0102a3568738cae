'use client';
// <ImagedockImage>: an imagedock image as a responsive <img> — the API's `srcset` (signed
// variant URLs with `w` descriptors, `f=auto`: AVIF, WebP or JPEG as the browser takes),
// `width`/`height` so the layout never jumps, and the ThumbHash `placeholder` painted behind
// until the picture has loaded. No dependency but react and thumbhash: copy it into any app
// that reads imagedock's API (README, "Responsive images").
import { useMemo, useState, type CSSProperties, type ImgHTMLAttributes } from 'react';
import { thumbHashToDataURL } from 'thumbhash';
import { smallestCandidate } from '@/lib/variants/srcset';

export interface ImagedockImageSource {
  url?: string | null;
  srcset?: string | null;
  width?: number | null;
  height?: number | null;
  /** ThumbHash, base64, as the API gives it. */
  placeholder?: string | null;
}

type ImgProps = Omit<ImgHTMLAttributes<HTMLImageElement>, 'src' | 'srcSet' | 'width' | 'height' | 'placeholder'>;

export function ImagedockImage({
  image,
  sizes = '100vw',
  alt,
  style,
  onLoad,
  ...rest
}: ImgProps & {
  image: ImagedockImageSource;
  /** How wide the image is drawn, as in <img sizes>: the browser picks the variant from it. */
  sizes?: string;
  alt: string;
}) {
  const [loaded, setLoaded] = useState(false);
  const blur = useMemo(() => placeholderDataUrl(image.placeholder), [image.placeholder]);
  const srcSet = image.srcset || undefined;
  const behind: CSSProperties = !loaded && blur ? { backgroundImage: `url(${blur})`, backgroundSize: 'cover', backgroundPosition: 'center' } : {};
  return (
    <img
      {...rest}
      src={(srcSet && smallestCandidate(srcSet)) ?? image.url ?? undefined}
      srcSet={srcSet}
      sizes={srcSet ? sizes : undefined}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      alt={alt}
      style={{ ...behind, ...style }}
      onLoad={(event) => {
        setLoaded(true);
        onLoad?.(event);
      }}
    />
  );
}

/**
 * A ThumbHash (base64) as a data URL, or undefined when absent or unreadable (a damaged hash
 * only costs the blur). The app's own thumbnails use it too. atob is global in browsers and Node.
 */
export function placeholderDataUrl(placeholder: string | null | undefined): string | undefined {
  if (!placeholder) return undefined;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(placeholder), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
