'use client';
// The focal point of an image — where its cropped variants (the `og` link preview) centre.
// Click (or tap) the miniature to set it; with the miniature focused, arrow keys move it 5%
// (Shift: 1%). Each change is saved after a short pause and announced to screen readers.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { callApi, messageOf } from '@/components/api/call-api';
import styles from './focal-point-picker.module.css';

interface Point {
  x: number;
  y: number;
}
const SAVE_AFTER_MS = 400;
const clamp = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 1000) / 1000;
const pointText = (p: Point) => `${Math.round(p.x * 100)}% from the left, ${Math.round(p.y * 100)}% from the top`;

export function FocalPointPicker({
  image,
  filename,
}: {
  image: { id: string; thumbnailUrl: string | null; url: string | null; focalX?: number | null; focalY?: number | null };
  filename: string;
}) {
  const [point, setPoint] = useState<Point>({ x: image.focalX ?? 0.5, y: image.focalY ?? 0.5 });
  const [status, setStatus] = useState('');
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  function move(next: Point) {
    const p = { x: clamp(next.x), y: clamp(next.y) };
    setPoint(p);
    setStatus(`Focal point ${pointText(p)}`);
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      callApi(`/api/images/${image.id}`, 'PATCH', { focalX: p.x, focalY: p.y })
        .then(() => setStatus(`Focal point saved: ${pointText(p)}`))
        .catch((err) => setStatus(`Focal point not saved: ${messageOf(err)}`));
    }, SAVE_AFTER_MS);
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    move({ x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 0.01 : 0.05;
    const delta: Record<string, Point> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const d = delta[event.key];
    if (!d) return;
    // Arrow keys here move the point, not the viewer to the next image.
    event.preventDefault();
    event.stopPropagation();
    move({ x: point.x + d.x, y: point.y + d.y });
  }

  const src = image.thumbnailUrl ?? image.url;
  return (
    <div className={styles.picker}>
      <span className={styles.label} aria-hidden="true">
        Focal point (link preview crop)
      </span>
      <div
        className={styles.area}
        role="slider"
        tabIndex={0}
        aria-label={`Focal point for ${filename}`}
        aria-valuetext={pointText(point)}
        aria-valuenow={Math.round(point.x * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      >
        {src && <img src={src} alt="" draggable={false} />}
        <span className={styles.marker} style={{ left: `${point.x * 100}%`, top: `${point.y * 100}%` }} aria-hidden="true" />
      </div>
      <p className={styles.status} aria-live="polite">
        {status}
      </p>
    </div>
  );
}
