// Test helper: exiftool (Debian's libimage-exiftool-perl) writes metadata into fixtures and
// reads back everything a file carries, independently of sharp/libvips. Tests that use it
// fail, never skip, when it is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every value written into fixtures contains this, so a leak is found wherever it lands. */
export const SECRET = 'imagedock-secret';

function exiftool(args: string[]) {
  try {
    return execFileSync('exiftool', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('exiftool is required by this test: apt-get install libimage-exiftool-perl');
    }
    throw err;
  }
}

function withFile<T>(bytes: Buffer, ext: string, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-exif-'));
  try {
    const file = path.join(dir, `image.${ext}`);
    writeFileSync(file, bytes);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `bytes` with GPS (EXIF and XMP), an XMP description, IPTC, a comment and PNG text, as far as
 * the format holds each, and `icc` (a profile's bytes) embedded when given.
 */
export function addPrivateMetadata(bytes: Buffer, ext: 'jpg' | 'png' | 'gif' | 'webp' | 'heic', icc?: Buffer): Buffer {
  return withFile(bytes, ext, (file, dir) => {
    const tags = [
      `-XMP-dc:Description=${SECRET} xmp`, '-XMP:GPSLatitude=48.8584', '-XMP:GPSLongitude=2.2945',
      `-XMP-dc:Creator=${SECRET} creator`,
    ];
    if (ext !== 'gif') tags.push('-GPSLatitude=48.8584', '-GPSLatitudeRef=N', '-GPSLongitude=2.2945', '-GPSLongitudeRef=E', `-EXIF:Artist=${SECRET} artist`);
    if (ext === 'jpg') tags.push(`-IPTC:Caption-Abstract=${SECRET} iptc`);
    if (ext === 'jpg' || ext === 'gif') tags.push(`-Comment=${SECRET} comment`);
    if (ext === 'png') tags.push(`-PNG:Comment=${SECRET} comment`, `-PNG:Author=${SECRET} author`);
    if (icc) {
      writeFileSync(path.join(dir, 'profile.icc'), icc);
      tags.push(`-ICC_Profile<=${path.join(dir, 'profile.icc')}`);
    }
    exiftool(['-q', '-q', '-overwrite_original', ...tags, file]);
    return readFileSync(file);
  });
}

/** All tags exiftool finds, as `Group:Tag` → value (file-system facts left out). */
export function readTags(bytes: Buffer): Record<string, unknown> {
  return withFile(bytes, 'bin', (file) => {
    const [tags] = JSON.parse(exiftool(['-j', '-G1', '-a', '-u', file])) as Record<string, unknown>[];
    return Object.fromEntries(Object.entries(tags).filter(([k]) => !/^(SourceFile|ExifTool:|System:|File:(FileType|FileTypeExtension|MIMEType|ImageWidth|ImageHeight|EncodingProcess|BitsPerSample|ColorComponents|YCbCrSubSampling))/.test(k)));
  });
}

/** The tags that say something about the picture's origin or author rather than its pixels. */
export function privateTags(tags: Record<string, unknown>): string[] {
  return Object.entries(tags)
    .filter(([k, v]) => /^(GPS|IFD0|IFD1|ExifIFD|InteropIFD|IPTC|XMP|Photoshop|MakerNotes|PNG-(tEXt|zTXt|iTXt))|:(Comment|Author|Artist|Description|GPS)/.test(k)
      || (typeof v === 'string' && v.includes(SECRET)))
    .map(([k]) => k);
}

/** Does exiftool see an ICC profile? */
export function hasIccProfile(tags: Record<string, unknown>): boolean {
  return Object.keys(tags).some((k) => k.startsWith('ICC-header:') || k.startsWith('ICC_Profile:'));
}
