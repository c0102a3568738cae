// Drops every metadata block but the colour profile at the container level, without decoding a
// pixel: the served bytes are the uploaded image data, losslessly, minus EXIF, GPS, XMP, IPTC,
// comments and text chunks. Allow-lists, not deny-lists: a block we do not know is dropped.
// Anything we cannot parse is thrown back (StripError) and the caller re-encodes instead.
export class StripError extends Error {}

type Format = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

export function stripMetadata(bytes: Buffer, mimeType: Format): Buffer {
  switch (mimeType) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/gif':
      return stripGif(bytes);
    case 'image/webp':
      return stripWebp(bytes);
  }
}

function need(condition: boolean, what: string): asserts condition {
  if (!condition) throw new StripError(what);
}

// JPEG: APP0 JFIF (without its thumbnail), APP2 ICC_PROFILE and APP14 Adobe (it says how CMYK
// is coded) stay; every other APPn (EXIF/XMP in APP1, IPTC in APP13, MPF's extra pictures), COM
// and anything after EOI goes.
function stripJpeg(bytes: Buffer): Buffer {
  need(bytes[0] === 0xff && bytes[1] === 0xd8, 'no SOI');
  const out: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  for (;;) {
    need(at + 1 < bytes.length && bytes[at] === 0xff, 'marker expected');
    let marker = bytes[at + 1];
    while (marker === 0xff) {
      at += 1;
      marker = bytes[at + 1];
    } // fill bytes
    if (marker === 0xd9) {
      out.push(Buffer.from([0xff, 0xd9]));
      return Buffer.concat(out);
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      out.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    need(at + 4 <= bytes.length, 'truncated segment');
    const length = bytes.readUInt16BE(at + 2);
    const end = at + 2 + length;
    need(length >= 2 && end <= bytes.length, 'bad segment length');
    const payload = bytes.subarray(at + 4, end);
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither stuffing (FF00) nor RSTn.
      let next = end;
      for (;;) {
        next = bytes.indexOf(0xff, next);
        need(next !== -1 && next + 1 < bytes.length, 'scan runs past the end');
        const b = bytes[next + 1];
        if (b === 0x00 || (b >= 0xd0 && b <= 0xd7) || b === 0xff) {
          next += b === 0xff ? 1 : 2;
          continue;
        }
        break;
      }
      out.push(bytes.subarray(at, next));
      at = next;
      continue;
    }
    const keep = (marker < 0xe0 || marker > 0xef) && marker !== 0xfe ? bytes.subarray(at, end) : keptAppSegment(marker, payload);
    if (keep) out.push(keep);
    at = end;
  }
}

function keptAppSegment(marker: number, payload: Buffer): Buffer | null {
  const starts = (sig: string) => payload.subarray(0, sig.length).toString('latin1') === sig;
  if (marker === 0xe2 && starts('ICC_PROFILE\0')) return segment(marker, payload);
  if (marker === 0xee && starts('Adobe')) return segment(marker, payload);
  // JFIF's own 14 bytes, with the optional embedded thumbnail cut off (X/Ythumbnail = 0).
  if (marker === 0xe0 && starts('JFIF\0') && payload.length >= 14) {
    const jfif = Buffer.from(payload.subarray(0, 14));
    jfif[12] = 0;
    jfif[13] = 0;
    return segment(marker, jfif);
  }
  return null;
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

// PNG: the chunks that decide what the pixels look like (and APNG's frames) stay; tEXt, zTXt,
// iTXt (XMP), eXIf, tIME and private chunks go. Nothing after IEND.
const PNG_KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'pHYs',
  'cICP',
  'mDCv',
  'cLLi',
  'acTL',
  'fcTL',
  'fdAT',
]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function stripPng(bytes: Buffer): Buffer {
  need(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'no PNG signature');
  const out: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  for (;;) {
    need(at + 12 <= bytes.length, 'truncated chunk');
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    need(end <= bytes.length, 'bad chunk length');
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    if (PNG_KEEP.has(type)) out.push(bytes.subarray(at, end));
    if (type === 'IEND') return Buffer.concat(out);
    at = end;
  }
}

// GIF: image data, graphic control (frame timing, transparency), the looping extension and the
// ICC profile extension stay; comments, plain text and other application blocks (XMP) go.
const GIF_KEPT_APPS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012']);

function stripGif(bytes: Buffer): Buffer {
  const version = bytes.subarray(0, 6).toString('latin1');
  need(version === 'GIF87a' || version === 'GIF89a', 'no GIF header');
  need(bytes.length >= 13, 'truncated header');
  const flags = bytes[10];
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  need(at <= bytes.length, 'truncated colour table');
  const out: Buffer[] = [bytes.subarray(0, at)];
  const subBlocksEnd = (from: number) => {
    let p = from;
    for (;;) {
      need(p < bytes.length, 'truncated sub-blocks');
      const size = bytes[p];
      p += 1 + size;
      if (size === 0) return p;
    }
  };
  for (;;) {
    need(at < bytes.length, 'no trailer');
    const introducer = bytes[at];
    if (introducer === 0x3b) {
      out.push(bytes.subarray(at, at + 1));
      return Buffer.concat(out);
    }
    if (introducer === 0x2c) {
      need(at + 10 <= bytes.length, 'truncated image descriptor');
      const local = bytes[at + 9];
      const data = at + 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0) + 1; // + LZW code size
      const end = subBlocksEnd(data);
      out.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    need(introducer === 0x21 && at + 2 < bytes.length, 'unknown block');
    const label = bytes[at + 1];
    const end = subBlocksEnd(at + 2);
    const app = label === 0xff && bytes[at + 2] === 11 ? bytes.subarray(at + 3, at + 14).toString('latin1') : null;
    if (label === 0xf9 || (app !== null && GIF_KEPT_APPS.has(app))) out.push(bytes.subarray(at, end));
    at = end;
  }
}

// WebP: a RIFF list. VP8/VP8L/ALPH/ANIM/ANMF and ICCP stay; EXIF, XMP and unknown chunks go,
// and VP8X's flags stop announcing them.
const WEBP_KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(bytes: Buffer): Buffer {
  need(bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP', 'no RIFF/WEBP header');
  const riffEnd = 8 + bytes.readUInt32LE(4);
  need(riffEnd <= bytes.length, 'truncated RIFF');
  const out: Buffer[] = [];
  let at = 12;
  while (at < riffEnd) {
    need(at + 8 <= riffEnd, 'truncated chunk');
    const type = bytes.subarray(at, at + 4).toString('latin1');
    const size = bytes.readUInt32LE(at + 4);
    const end = at + 8 + size + (size % 2);
    need(end <= riffEnd, 'bad chunk size');
    if (type === 'VP8X') {
      const chunk = Buffer.from(bytes.subarray(at, end));
      chunk[8] &= ~(VP8X_EXIF | VP8X_XMP);
      out.push(chunk);
    } else if (WEBP_KEEP.has(type)) {
      out.push(bytes.subarray(at, end));
    }
    at = end;
  }
  const body = Buffer.concat(out);
  const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
}
