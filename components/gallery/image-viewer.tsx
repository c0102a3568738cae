'use client';
// The full-size viewer of the editor and the public page. One fixed frame filling the screen:
// title and Close at the top, the picture contained in the stage, Previous / Next at the
// stage's sides and the caption in a band of fixed height, so no control moves between
// images. Opens focused on Close; closes by Close, Escape or a click on the empty stage;
// arrow keys and a swipe move; the next and previous pictures are fetched ahead. Phones get a
// screen-sized rendition through `srcset` + `sizes` where the image has renditions.
import { useEffect, useId, useRef, type CSSProperties, type PointerEvent, type ReactNode } from 'react';
import { closeDialogOf, ModalDialog } from '@/components/dialog/modal-dialog';
import { Thumbnail } from './thumbnail';
import styles from './viewer.module.css';

export interface Slide {
  key: string;
  url: string;
  srcset: string | null;
  placeholder: string | null;
  width: number | null;
  height: number | null;
  /** Heading of the viewer for this picture (the filename in the editor). */
  title: string;
  alt: string;
  caption: string;
}

const SWIPE_PX = 50;
// The stage is the whole screen width on a phone, and at most ~1400 px on a desktop.
const SIZES = '(max-width: 1400px) 100vw, 1400px';

export function ImageViewer({
  slides,
  index,
  onIndexChange,
  onClose,
  tools,
}: {
  slides: Slide[];
  index: number | null;
  onIndexChange: (index: number) => void;
  onClose: () => void;
  /** Owner-only controls for the picture shown (the editor's focal point), under its caption. */
  tools?: (index: number) => ReactNode;
}) {
  const titleId = useId();
  const open = index !== null && slides[index] !== undefined;
  const slide = open ? slides[index] : null;
  const swipe = useRef<{ x: number; y: number; id: number } | null>(null);
  const swiped = useRef(false);

  const step = (delta: number) => {
    if (index === null || slides.length < 2) return;
    onIndexChange((index + delta + slides.length) % slides.length);
  };

  usePreload(open ? [slides[(index + 1) % slides.length], slides[(index - 1 + slides.length) % slides.length]] : []);

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    swipe.current = { x: event.clientX, y: event.clientY, id: event.pointerId };
    swiped.current = false;
  }
  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    const start = swipe.current;
    swipe.current = null;
    if (!start || start.id !== event.pointerId) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    // The click that may follow a mouse swipe must not count as a click on the backdrop.
    swiped.current = true;
    step(dx < 0 ? 1 : -1);
  }

  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      labelledBy={titleId}
      className={styles.viewer}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight') step(1);
        else if (event.key === 'ArrowLeft') step(-1);
        else return;
        event.preventDefault();
      }}
    >
      {slide && (
        <div className={styles.frame}>
          <div className={styles.top}>
            <h2 id={titleId} className={styles.title}>
              {slide.title}
            </h2>
            <span className={styles.count}>
              {index! + 1} of {slides.length}
            </span>
            {/* biome-ignore lint/a11y/noAutofocus: the dialog opens focused on Close (the WAI-ARIA dialog pattern) */}
            <button type="button" className={`button ${styles.close}`} onClick={(e) => closeDialogOf(e.currentTarget)} autoFocus>
              Close
            </button>
          </div>
          <div
            className={styles.stage}
            data-dialog-backdrop
            onPointerDown={onPointerDown}
            onPointerUp={onPointerUp}
            onPointerCancel={() => (swipe.current = null)}
            onClickCapture={(event) => {
              if (!swiped.current) return;
              swiped.current = false;
              event.stopPropagation();
            }}
          >
            <div className={styles.picture} style={slide.width && slide.height ? ({ '--ratio': slide.width / slide.height } as CSSProperties) : undefined}>
              <Thumbnail key={slide.key} src={slide.url} srcSet={slide.srcset} sizes={SIZES} placeholder={slide.placeholder} alt={slide.alt} fit="contain" />
            </div>
            {slides.length > 1 && (
              <>
                <button type="button" className={`${styles.nav} ${styles.prev}`} onClick={() => step(-1)} aria-label="Previous image">
                  <span aria-hidden="true">‹</span>
                </button>
                <button type="button" className={`${styles.nav} ${styles.next}`} onClick={() => step(1)} aria-label="Next image">
                  <span aria-hidden="true">›</span>
                </button>
              </>
            )}
          </div>
          <p className={styles.caption}>{slide.caption || <span className={styles.noCaption}>No caption</span>}</p>
          {tools?.(index!)}
        </div>
      )}
    </ModalDialog>
  );
}

// The neighbours' pictures are fetched while this one is looked at, so moving on is instant.
function usePreload(slides: (Slide | undefined)[]) {
  const keys = slides.map((s) => s?.key ?? '').join('|');
  const latest = useRef(slides);
  latest.current = slides;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the neighbours change (keys); reads them from the ref
  useEffect(() => {
    for (const slide of latest.current) {
      if (!slide) continue;
      const img = new Image();
      if (slide.srcset) {
        img.sizes = SIZES;
        img.srcset = slide.srcset;
      }
      img.src = slide.url;
    }
  }, [keys]);
}
