import { describe, expect, it } from 'vitest';
import { formatBytes } from '@/lib/format-bytes';
import type { GalleryItem } from './gallery-items';
import { batchProgress, describeProgress, formatTimeLeft, itemProgress } from './upload-progress';

const MB = 1024 * 1024;
const uploading = (key: string, bytes: number, progress: number, startedAt?: number): GalleryItem => ({
  key,
  imageId: key,
  filename: key,
  phase: 'uploading',
  progress,
  bytes,
  startedAt,
  previewUrl: null,
  error: null,
  caption: '',
  image: null,
});

describe('upload progress', () => {
  it('says bytes sent of the total and the time left from the rate so far', () => {
    const p = itemProgress(uploading('a', 4 * MB, 0.25, 0), 2000)!;
    expect(p).toEqual({ sent: MB, total: 4 * MB, secondsLeft: 6 });
    expect(describeProgress(p)).toBe('1 MB of 4 MB · 6 s left');
  });

  it('gives no time left before there is anything to go on', () => {
    expect(itemProgress(uploading('a', 4 * MB, 0.01, 0), 200)!.secondsLeft).toBeNull();
    expect(itemProgress(uploading('a', 4 * MB, 0.5), 5000)!.secondsLeft).toBeNull(); // not started
  });

  it('sums the batch over uploads under way only', () => {
    const done: GalleryItem = { ...uploading('c', 9 * MB, 1), phase: 'uploaded' };
    const batch = batchProgress([uploading('a', 2 * MB, 0.5, 0), uploading('b', 2 * MB, 0, 1000), done], 4000)!;
    expect(batch.files).toBe(2);
    expect(batch.total).toBe(4 * MB);
    expect(batch.sent).toBe(MB);
    expect(batch.secondsLeft).toBe(12);
    expect(batchProgress([done], 0)).toBeNull();
  });

  it('words the time left and sizes the same way everywhere', () => {
    expect(formatTimeLeft(1)).toBe('a second left');
    expect(formatTimeLeft(45)).toBe('45 s left');
    expect(formatTimeLeft(150)).toBe('about 3 min left');
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(340 * 1024)).toBe('340 KB');
    expect(formatBytes(5 * MB)).toBe('5 MB');
    expect(formatBytes(4.25 * MB)).toBe('4.3 MB');
    expect(formatBytes(1.5 * 1024 * MB)).toBe('1.5 GB');
  });
});
