'use client';
// The public page's pictures: justified rows (each photo at its own shape, the rows one
// height, as Google Photos lays them out) and the full-size viewer.
import { useState, type CSSProperties } from 'react';
import { ImageViewer, type Slide } from '@/components/gallery/image-viewer';
import { Thumbnail } from '@/components/gallery/thumbnail';
import styles from './public-gallery.module.css';

export interface PublicImage {
  id: string;
  url: string;
  thumbnailUrl: string | null;
  /** Renditions with `w` descriptors once image delivery provides them. */
  srcset?: string | null;
  placeholder: string | null;
  width: number | null;
  height: number | null;
  caption: string;
}

const ratio = (image: PublicImage) => (image.width && image.height ? image.width / image.height : 4 / 3);

export function PublicGallery({ title, images }: { title: string; images: PublicImage[] }) {
  const [index, setIndex] = useState<number | null>(null);
  const altOf = (image: PublicImage, i: number) => image.caption || `${title}, image ${i + 1}`;
  const slides: Slide[] = images.map((image, i) => ({
    key: image.id,
    url: image.url,
    srcset: image.srcset ?? null,
    placeholder: image.placeholder,
    width: image.width,
    height: image.height,
    title: `Image ${i + 1}`,
    alt: altOf(image, i),
    caption: image.caption,
  }));

  return (
    <>
      <ul className={styles.rows}>
        {images.map((image, i) => (
          <li key={image.id} className={styles.tile} style={{ '--ratio': ratio(image) } as CSSProperties}>
            <button
              type="button"
              className={styles.thumb}
              onClick={() => setIndex(i)}
              aria-label={`View image ${i + 1} of ${images.length}${image.caption ? `: ${image.caption}` : ''}`}
            >
              <Thumbnail
                src={image.thumbnailUrl ?? image.url}
                srcSet={image.srcset}
                sizes="(max-width: 560px) 100vw, 480px"
                placeholder={image.placeholder}
                alt={altOf(image, i)}
                loading={i < 6 ? 'eager' : 'lazy'}
              />
            </button>
            {image.caption && <p className={styles.caption}>{image.caption}</p>}
          </li>
        ))}
      </ul>
      <ImageViewer slides={slides} index={index} onIndexChange={setIndex} onClose={() => setIndex(null)} />
    </>
  );
}
