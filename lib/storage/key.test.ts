import { describe, expect, it } from 'vitest';
import { StorageError } from './driver';
import { assertPresignTerms, assertSafeKey, assertSafePrefix, contentDisposition } from './key';

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err instanceof StorageError ? err.code : 'other error';
  }
  return 'accepted';
};

describe('assertSafeKey', () => {
  it.each([
    'temp/sess_1732000000000_ab12/1732000000000-5f0c.png',
    'listings/4f1c/abc.webp',
    'users/u_1/1732000000000-x.png',
    'a',
    'a.b-c_d/E.F',
    '..a/b..',
    'x'.repeat(1024),
  ])('accepts %s', (key) => {
    expect(refusal(() => assertSafeKey(key))).toBe('accepted');
  });

  it.each([
    '',
    '../x',
    'a/../b',
    '..',
    'a/..',
    './a',
    'a/./b',
    '/abs',
    'a//b',
    'a/',
    'a b',
    'a\\b',
    'a%2F..',
    'ünï',
    'a\nb',
    'a?b',
    'a#b',
    'a~meta.json',
    'x'.repeat(1025),
  ])('refuses %j with invalid_key', (key) => {
    expect(refusal(() => assertSafeKey(key))).toBe('invalid_key');
  });
});

describe('assertSafePrefix', () => {
  it.each(['', 'temp/', 'temp/sess_1/', 'temp/sess'])('accepts %j', (prefix) => {
    expect(refusal(() => assertSafePrefix(prefix))).toBe('accepted');
  });
  it.each(['/', '/temp/', '../', 'temp//', 'a b/', 'temp/../'])('refuses %j', (prefix) => {
    expect(refusal(() => assertSafePrefix(prefix))).toBe('invalid_key');
  });
});

describe('assertPresignTerms', () => {
  it('takes 1 s to one week and whole byte counts', () => {
    expect(() => assertPresignTerms(1, 0)).not.toThrow();
    expect(() => assertPresignTerms(604_800)).not.toThrow();
    for (const bad of [0, -1, 1.5, 604_801, Number.NaN]) expect(() => assertPresignTerms(bad)).toThrow(RangeError);
    for (const bad of [-1, 0.5, Number.POSITIVE_INFINITY]) expect(() => assertPresignTerms(60, bad)).toThrow(RangeError);
  });
});

describe('contentDisposition', () => {
  it('is the bare kind without a filename', () => {
    expect(contentDisposition('inline')).toBe('inline');
    expect(contentDisposition('attachment', '  ')).toBe('attachment');
  });

  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', 'photo.jpg')).toBe(`attachment; filename="photo.jpg"; filename*=UTF-8''photo.jpg`);
    expect(contentDisposition('inline', 'café (1).png')).toBe(`inline; filename="cafe (1).png"; filename*=UTF-8''caf%C3%A9%20%281%29.png`);
    expect(contentDisposition('attachment', '日本.png')).toBe(`attachment; filename="__.png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.png`);
  });

  it('cannot be used to inject headers or break out of the quotes', () => {
    const value = contentDisposition('attachment', 'evil"\r\nSet-Cookie: a=b;\\x/y.png');
    expect(value).not.toMatch(/[\r\n\\]/);
    expect(value.split('"')).toHaveLength(3);
    expect(value).toBe(`attachment; filename="evilSet-Cookie: a=b_xy.png"; filename*=UTF-8''evilSet-Cookie%3A%20a%3Db%3Bxy.png`);
    // A header value built by the platform must accept it.
    expect(() => new Headers({ 'Content-Disposition': value })).not.toThrow();
  });
});
