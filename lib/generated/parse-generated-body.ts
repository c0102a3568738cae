// A generated image arrives as up to ~14 MB of JSON, nearly all of it the base64 value of
// `imageData`. JSON.parse would need the body as a string and would copy that value into a
// second one: two large strings that V8 frees only at its next full collection, so a few
// concurrent posts pile up hundreds of MB. Here the body stays bytes: the value is found in
// place and decoded from there (decode-image-data.ts), and JSON.parse sees only the rest.
// Anything unusual (escapes in the value or a key, a repeated key, a value that is not a
// non-empty string) takes the plain JSON.parse path, which gives the same answers.
import { parseJsonText } from '@/lib/http/body';
import { generatedImageBody, generatedImageFields, type GeneratedImageInput } from './schemas';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const IMAGE_DATA = Buffer.from('imageData');

export function parseGeneratedBody(raw: Buffer): GeneratedImageInput {
  const value = topLevelStringValue(raw, IMAGE_DATA);
  if (!value || value.start === value.end) return parseJsonText(raw.toString('utf8'), generatedImageBody);
  // The rest of the body, with the value emptied: `"imageData":""`.
  const rest = Buffer.concat([raw.subarray(0, value.start), raw.subarray(value.end)]);
  const fields = parseJsonText(rest.toString('utf8'), generatedImageFields);
  return { ...fields, imageData: raw.subarray(value.start, value.end) };
}

/**
 * Where the string value of the top-level member `name` lies, between its quotes; null when
 * there is no such member, more than one, or its value is not a string free of escapes.
 * Strings are skipped with indexOf, so the megabytes of base64 are never walked in JS.
 */
export function topLevelStringValue(raw: Buffer, name: Buffer): { start: number; end: number } | null {
  let depth = 0;
  let found: { start: number; end: number } | null = null;
  for (let at = 0; at < raw.length; at++) {
    const byte = raw[at];
    if (OPEN.has(byte)) {
      if (depth === 0 && byte !== 0x7b) return null; // not an object
      depth++;
    } else if (CLOSE.has(byte)) {
      depth--;
    } else if (byte === QUOTE) {
      const end = closingQuote(raw, at);
      if (end === -1) return null;
      const colon = skipSpace(raw, end + 1);
      if (depth === 1 && raw[colon] === COLON) {
        // A key of the top-level object. One spelled with escapes could still mean `name`.
        if (raw.subarray(at + 1, end).includes(BACKSLASH)) return null;
        if (raw.subarray(at + 1, end).equals(name)) {
          const open = skipSpace(raw, colon + 1);
          if (found || raw[open] !== QUOTE) return null;
          const close = closingQuote(raw, open);
          if (close === -1 || raw.subarray(open + 1, close).includes(BACKSLASH)) return null;
          found = { start: open + 1, end: close };
          at = close;
          continue;
        }
      }
      at = end;
    }
  }
  return found;
}

function closingQuote(raw: Buffer, open: number) {
  for (let at = raw.indexOf(QUOTE, open + 1); at !== -1; at = raw.indexOf(QUOTE, at + 1)) {
    let slashes = 0;
    while (raw[at - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

function skipSpace(raw: Buffer, at: number) {
  while (SPACE.has(raw[at])) at++;
  return at;
}
