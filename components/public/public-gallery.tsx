'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { ImagedockImage } from '@/components/image/imagedock-image';

export interface PublicImage {
  id: string;
  url: string;
  thumbnailUrl: string | null;
  srcset?: string | null;
  placeholderUrl?: string;
  width: number | null;
  height: number | null;
  caption: string;
}

// The grid's columns (globals.css .public-grid): one on phones, ~2 on tablets, ~320 px beyond.
const TILE_SIZES = '(max-width: 600px) 100vw, (max-width: 1000px) 50vw, 320px';

export function PublicGallery({ title, images }: { title: string; images: PublicImage[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [index, setIndex] = useState(0);
  const current = images[index];

  function open(i: number, from: HTMLElement) {
    opener.current = from;
    setIndex(i);
    dialog.current?.showModal();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'ArrowRight') setIndex((i) => (i + 1) % images.length);
    if (event.key === 'ArrowLeft') setIndex((i) => (i - 1 + images.length) % images.length);
  }

  return (
    <>
      <ul className="public-grid">
        {images.map((image, i) => (
          <li key={image.id} className="public-tile">
            <button type="button" className="public-thumb" onClick={(e) => open(i, e.currentTarget)}
              aria-label={`View image ${i + 1} of ${images.length}${image.caption ? `: ${image.caption}` : ''}`}
              style={{ backgroundImage: image.placeholderUrl ? `url(${image.placeholderUrl})` : undefined }}>
              <ImagedockImage image={{ ...image, url: image.thumbnailUrl ?? image.url, placeholder: null }} sizes={TILE_SIZES}
                alt={image.caption || `${title}, image ${i + 1}`} loading="lazy" decoding="async" />
            </button>
            {image.caption && <p className="public-caption">{image.caption}</p>}
          </li>
        ))}
      </ul>
      <dialog ref={dialog} className="lightbox" aria-label="Full-size image" onKeyDown={onKeyDown}
        onClose={() => opener.current?.focus()}>
        {current && (
          <figure>
            <ImagedockImage key={current.id} image={{ ...current, placeholder: null }} sizes="96vw" alt={current.caption || `${title}, image ${index + 1}`} />
            <figcaption>
              <span>{current.caption}</span>
              <span className="lightbox-count">{index + 1} / {images.length}</span>
            </figcaption>
          </figure>
        )}
        <form method="dialog" className="lightbox-actions">
          {images.length > 1 && (
            <>
              <button type="button" className="button secondary" onClick={() => setIndex((i) => (i - 1 + images.length) % images.length)}>Previous</button>
              <button type="button" className="button secondary" onClick={() => setIndex((i) => (i + 1) % images.length)}>Next</button>
            </>
          )}
          <button className="button" autoFocus>Close</button>
        </form>
      </dialog>
    </>
  );
}
