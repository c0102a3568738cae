'use client';
// The editor's full-size view: its uploaded images as the viewer's slides.
import type { GalleryItem } from './gallery-items';
import { ImageViewer, type Slide } from './image-viewer';
import { srcsetOf } from './thumbnail';
import { FocalPointToggle } from './focal-point-toggle';

export function Lightbox({
  items,
  index,
  onIndexChange,
  onClose,
}: {
  /** Only images that are uploaded, in gallery order. */
  items: GalleryItem[];
  index: number | null;
  onIndexChange: (index: number) => void;
  onClose: () => void;
}) {
  const slides: Slide[] = items.flatMap((item) =>
    item.image?.url
      ? [
          {
            key: item.key,
            url: item.image.url,
            srcset: srcsetOf(item.image),
            placeholder: item.image.placeholder,
            width: item.image.width,
            height: item.image.height,
            title: item.filename,
            alt: item.caption || item.filename,
            caption: item.caption,
          },
        ]
      : [],
  );
  const tools = (i: number) => {
    const item = items[i];
    return item?.image ? <FocalPointToggle key={item.key} image={item.image} filename={item.filename} /> : null;
  };
  return <ImageViewer slides={slides} index={index} onIndexChange={onIndexChange} onClose={onClose} tools={tools} />;
}
