import { describe, expect, it } from 'vitest';
import { ALLOWED_UPLOAD_TYPES } from '@/lib/images/sniff';
import { formatBytes } from '@/lib/format-bytes';
import { checkSelectedFiles, uploadTypeOf } from './check-selected-files';
import { UPLOAD_TYPES } from './limits';

const limits = { maxBytes: 5 * 1024 * 1024, maxImages: 10 };
const file = (name: string, size = 1000, type = 'image/png') => ({ name, size, type });

describe('checkSelectedFiles', () => {
  it('accepts what the server accepts, and nothing else', () => {
    expect(Object.keys(UPLOAD_TYPES).sort()).toEqual([...ALLOWED_UPLOAD_TYPES].sort());
  });

  it('names each refused file with its reason', () => {
    const { accepted, rejected } = checkSelectedFiles(
      [file('a.png'), file('notes.txt', 10, 'text/plain'), file('huge.jpg', 6 * 1024 * 1024, 'image/jpeg'), file('empty.gif', 0, 'image/gif')],
      { limits, existing: 0 },
    );
    expect(accepted.map((a) => a.file.name)).toEqual(['a.png']);
    expect(rejected).toEqual([
      { filename: 'notes.txt', reason: 'not an image we accept (use JPEG, PNG, GIF, WebP or HEIC)' },
      { filename: 'huge.jpg', reason: '6 MB is over the 5 MB limit per image' },
      { filename: 'empty.gif', reason: 'the file is empty' },
    ]);
  });

  it('keeps the count within the limit, counting images already there', () => {
    const { accepted, rejected } = checkSelectedFiles([file('1.png'), file('2.png'), file('3.png')], { limits, existing: 8 });
    expect(accepted.map((a) => a.file.name)).toEqual(['1.png', '2.png']);
    expect(rejected).toEqual([{ filename: '3.png', reason: 'a listing holds at most 10 images' }]);
  });

  it('infers HEIC from the extension when the browser gives no type', () => {
    expect(uploadTypeOf(file('IMG_0001.HEIC', 10, ''))).toBe('image/heic');
    expect(uploadTypeOf(file('photo.jpeg', 10, 'application/octet-stream'))).toBe('image/jpeg');
    expect(uploadTypeOf(file('photo.png', 10, 'text/plain'))).toBeNull();
  });

  it('formats sizes for people', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 * 1024)]).toEqual(['512 bytes', '2 KB', '5 MB']);
  });
});
