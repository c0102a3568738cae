import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/http/errors';
import { parseJsonText } from '@/lib/http/body';
import { parseGeneratedBody, topLevelStringValue } from './parse-generated-body';
import { decodeImageData } from './decode-image-data';
import { generatedImageBody } from './schemas';

const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256));
const base64 = bytes.toString('base64');
const MAX = 1_000_000;

/** What the body means, or the error it gets: by the in-place path and by plain JSON.parse. */
function outcome(run: () => { prompt: string; metadata?: unknown; image: Buffer }) {
  try {
    const { prompt, metadata, image } = run();
    return { prompt, metadata, image: image.toString('hex') };
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message };
    if (err instanceof Error && err.name === 'ZodError') return { zod: err.message };
    throw err;
  }
}
const inPlace = (body: string) =>
  outcome(() => {
    const input = parseGeneratedBody(Buffer.from(body));
    return { prompt: input.prompt, metadata: input.metadata, image: decodeImageData(input.imageData, MAX) };
  });
const plain = (body: string) =>
  outcome(() => {
    const input = parseJsonText(body, generatedImageBody);
    return { prompt: input.prompt, metadata: input.metadata, image: decodeImageData(input.imageData, MAX) };
  });

describe('parseGeneratedBody', () => {
  it('finds the value in place for an ordinary body and decodes the same bytes', () => {
    const body = JSON.stringify({ prompt: 'a "quoted" fox: {x}', imageData: base64, metadata: { imageData: 'nested', n: [1, { a: 'b' }] } });
    const input = parseGeneratedBody(Buffer.from(body));
    expect(Buffer.isBuffer(input.imageData)).toBe(true);
    expect(decodeImageData(input.imageData, MAX).equals(bytes)).toBe(true);
    expect(input).toMatchObject({ prompt: 'a "quoted" fox: {x}', metadata: { imageData: 'nested', n: [1, { a: 'b' }] } });
    expect(inPlace(body)).toEqual(plain(body));
  });

  it.each([
    ['a data: URL', JSON.stringify({ prompt: 'p', imageData: `data:image/png;base64,${base64}` })],
    ['escaped slashes, as PHP writes them', JSON.stringify({ prompt: 'p', imageData: base64 }).replace(/\//g, '\\/')],
    ['escaped line breaks', JSON.stringify({ prompt: 'p', imageData: base64.replace(/.{76}/g, '$&\n') })],
    ['spaces around the colon', `{ "prompt" : "p" , "imageData" :  "${base64}" }`],
    ['the key spelled with an escape', `{"prompt":"p","image\\u0044ata":"${base64}"}`],
    ['the key twice (the last one counts)', `{"prompt":"p","imageData":"QUJD","imageData":"${base64}"}`],
    ['imageData only nested', JSON.stringify({ prompt: 'p', metadata: { imageData: base64 } })],
    ['imageData empty', JSON.stringify({ prompt: 'p', imageData: '' })],
    ['imageData a number', '{"prompt":"p","imageData":12}'],
    ['imageData an object', `{"prompt":"p","imageData":{"a":"${base64}"}}`],
    ['prompt missing', JSON.stringify({ imageData: base64 })],
    ['metadata not an object', JSON.stringify({ prompt: 'p', imageData: base64, metadata: 'x' })],
    ['broken JSON after the value', `{"prompt":"p","imageData":"${base64}",}`],
    ['an unterminated value', `{"prompt":"p","imageData":"${base64}`],
    ['a raw line break inside the value', `{"prompt":"p","imageData":"${base64.slice(0, 100)}\n${base64.slice(100)}"}`],
    ['a bad character in the value', `{"prompt":"p","imageData":"${base64.slice(0, 5000)}*${base64.slice(5001)}"}`],
    ['the URL-safe alphabet', JSON.stringify({ prompt: 'p', imageData: base64.replace(/\+/g, '-').replace(/\//g, '_') })],
    ['an array at the top', `["imageData","${base64}"]`],
    ['not JSON at all', 'imageData'],
  ])('means the same as JSON.parse with %s', (_label, body) => {
    expect(inPlace(body)).toEqual(plain(body));
  });

  it('refuses an image over the limit with 413 either way', () => {
    const body = JSON.stringify({ prompt: 'p', imageData: base64 });
    const decode = (input: { imageData: string | Buffer }) => decodeImageData(input.imageData, bytes.length - 1);
    expect(() => decode(parseGeneratedBody(Buffer.from(body)))).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
    expect(() => decode(parseJsonText(body, generatedImageBody))).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
  });

  it('locates only a top-level string member', () => {
    const name = Buffer.from('k');
    const at = (text: string) => {
      const found = topLevelStringValue(Buffer.from(text), name);
      return found && text.slice(found.start, found.end);
    };
    expect(at('{"a":{"k":"inner"},"k":"outer"}')).toBe('outer');
    expect(at('{"a":["k","x"],"b":"k"}')).toBeNull();
    expect(at('{"a":"\\"k\\":","k":"v"}')).toBe('v');
    expect(at('{"k":"with \\" escape"}')).toBeNull();
  });
});
