'use client';
// The publish bar's height, kept in --publish-bar-height on the page root while it is shown:
// below the two-column width the bar is fixed to the bottom of the screen, and the page's
// bottom padding, scroll padding and the undo toast (gallery.module.css) make room for exactly
// that much, however many lines an error or a reason takes. Without JS a fallback is used.
import { useLayoutEffect, type RefObject } from 'react';

const PROPERTY = '--publish-bar-height';

export function useBarHeight(ref: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const bar = ref.current;
    if (!bar) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty(PROPERTY, `${Math.ceil(bar.getBoundingClientRect().height)}px`);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(bar);
    return () => {
      observer.disconnect();
      root.style.removeProperty(PROPERTY);
    };
  }, [ref]);
}
