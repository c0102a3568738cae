import { describe, expect, it } from 'vitest';
import { appErrorOf } from '@/test/infra/app-errors';
import { decodeImageData } from './decode-image-data';

const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
const base64 = bytes.toString('base64');

describe('decodeImageData', () => {
  it('decodes plain base64, a data: URL and line-wrapped base64 to the same bytes', () => {
    expect(decodeImageData(base64, 1000).equals(bytes)).toBe(true);
    expect(decodeImageData(`data:image/png;base64,${base64}`, 1000).equals(bytes)).toBe(true);
    expect(decodeImageData(base64.replace(/.{76}/g, '$&\r\n'), 1000).equals(bytes)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a character outside the alphabet', `${base64.slice(0, 40)}*${base64.slice(41)}`],
    ['the URL-safe alphabet', base64.replace(/\+/g, '-').replace(/\//g, '_') + (base64.includes('+') || base64.includes('/') ? '' : '-A==')],
    ['missing padding', `${base64.replace(/=+$/, '')}QQ`],
    ['spare bits set in the last character', 'QR=='],
    ['text that is not base64 at all', 'not base64?'],
  ])('refuses %s with 400', (_label, input) => {
    expect(appErrorOf(() => decodeImageData(input, 1000))).toMatch(/^bad_request: /);
  });

  it('refuses more bytes than allowed with 413', () => {
    expect(appErrorOf(() => decodeImageData(base64, bytes.length - 1))).toMatch(/^payload_too_large: /);
    expect(decodeImageData(base64, bytes.length).length).toBe(bytes.length);
  });
});
