// What the progress lines say: bytes sent, time left, for one upload and for the batch.
// Pure, so it is tested without a browser; `now` is passed in.
import { formatBytes } from '@/lib/format-bytes';
import { IN_FLIGHT, type GalleryItem } from './gallery-items';

export interface Progress {
  sent: number;
  total: number;
  /** null until there is enough to go on (a second of sending, or 5 % of the bytes). */
  secondsLeft: number | null;
}

function estimate(sent: number, total: number, elapsedMs: number): number | null {
  if (sent <= 0 || (elapsedMs < 1000 && sent / total < 0.05)) return null;
  return Math.max(0, Math.ceil(((total - sent) * elapsedMs) / sent / 1000));
}

export function itemProgress(item: GalleryItem, now: number): Progress | null {
  if (item.bytes === null) return null;
  const sent = Math.round(item.bytes * (item.phase === 'confirming' ? 1 : item.progress));
  const started = item.phase === 'uploading' && item.startedAt !== undefined;
  return { sent, total: item.bytes, secondsLeft: started ? estimate(sent, item.bytes, now - item.startedAt!) : null };
}

/** Every upload still under way in this page, summed; null when nothing is. */
export function batchProgress(items: GalleryItem[], now: number): (Progress & { files: number }) | null {
  const active = items.filter((item) => IN_FLIGHT.has(item.phase) && item.bytes !== null);
  if (active.length === 0) return null;
  const total = active.reduce((sum, item) => sum + item.bytes!, 0);
  const sent = active.reduce((sum, item) => sum + (itemProgress(item, now)?.sent ?? 0), 0);
  const started = active.flatMap((item) => (item.startedAt === undefined ? [] : [item.startedAt]));
  const elapsed = started.length > 0 ? now - Math.min(...started) : 0;
  return { files: active.length, sent, total, secondsLeft: started.length > 0 ? estimate(sent, total, elapsed) : null };
}

export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return seconds <= 1 ? 'a second left' : `${seconds} s left`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} min left`;
}

export function describeProgress({ sent, total, secondsLeft }: Progress): string {
  const left = formatTimeLeft(secondsLeft);
  return `${formatBytes(sent)} of ${formatBytes(total)}${left ? ` · ${left}` : ''}`;
}
