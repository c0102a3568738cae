// Test helper: exiftool (Debian's libimage-exiftool-perl) writes metadata into fixtures and
// reads back everything a file carries, independently of sharp/libvips. Tests that use it
// fail, never skip, when it is missing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Every value written into fixtures contains this, so a leak is found wherever it lands. */
export const SECRET = 'imagedock-secret';

// Asynchronous: HTTP suites call it between requests, and a blocked event loop lets keep-alive
// sockets the server has closed look reusable.
function exiftool(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('exiftool', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(new Error('exiftool is required by this test: apt-get install libimage-exiftool-perl'));
      } else if (err) reject(err);
      else resolve(stdout);
    });
  });
}

async function withFile<T>(bytes: Buffer, ext: string, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imagedock-exif-'));
  try {
    const file = path.join(dir, `image.${ext}`);
    await writeFile(file, bytes);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `bytes` with GPS (EXIF and XMP), an XMP description, IPTC, a comment and PNG text, as far as
 * the format holds each, and `icc` (a profile's bytes) embedded when given.
 */
export function addPrivateMetadata(bytes: Buffer, ext: 'jpg' | 'png' | 'gif' | 'webp' | 'heic', icc?: Buffer): Promise<Buffer> {
  return withFile(bytes, ext, async (file, dir) => {
    const tags = [`-XMP-dc:Description=${SECRET} xmp`, '-XMP:GPSLatitude=48.8584', '-XMP:GPSLongitude=2.2945', `-XMP-dc:Creator=${SECRET} creator`];
    if (ext !== 'gif') tags.push('-GPSLatitude=48.8584', '-GPSLatitudeRef=N', '-GPSLongitude=2.2945', '-GPSLongitudeRef=E', `-EXIF:Artist=${SECRET} artist`);
    if (ext === 'jpg') tags.push(`-IPTC:Caption-Abstract=${SECRET} iptc`);
    if (ext === 'jpg' || ext === 'gif') tags.push(`-Comment=${SECRET} comment`);
    if (ext === 'png') tags.push(`-PNG:Comment=${SECRET} comment`, `-PNG:Author=${SECRET} author`);
    if (icc) {
      await writeFile(path.join(dir, 'profile.icc'), icc);
      tags.push(`-ICC_Profile<=${path.join(dir, 'profile.icc')}`);
    }
    await exiftool(['-q', '-q', '-overwrite_original', ...tags, file]);
    return readFile(file);
  });
}

/** All tags exiftool finds, as `Group:Tag` → value (file-system facts left out). */
export function readTags(bytes: Buffer): Promise<Record<string, unknown>> {
  return withFile(bytes, 'bin', async (file) => {
    const [tags] = JSON.parse(await exiftool(['-j', '-G1', '-a', '-u', file])) as Record<string, unknown>[];
    return Object.fromEntries(
      Object.entries(tags).filter(
        ([k]) =>
          !/^(SourceFile|ExifTool:|System:|File:(FileType|FileTypeExtension|MIMEType|ImageWidth|ImageHeight|EncodingProcess|BitsPerSample|ColorComponents|YCbCrSubSampling))/.test(
            k,
          ),
      ),
    );
  });
}

/** The tags that say something about the picture's origin or author rather than its pixels. */
export function privateTags(tags: Record<string, unknown>): string[] {
  return Object.entries(tags)
    .filter(
      ([k, v]) =>
        /^(GPS|IFD0|IFD1|ExifIFD|InteropIFD|IPTC|XMP|Photoshop|MakerNotes|PNG-(tEXt|zTXt|iTXt))|:(Comment|Author|Artist|Description|GPS)/.test(k) ||
        (typeof v === 'string' && v.includes(SECRET)),
    )
    .map(([k]) => k);
}

/** Does exiftool see an ICC profile? */
export function hasIccProfile(tags: Record<string, unknown>): boolean {
  return Object.keys(tags).some((k) => k.startsWith('ICC-header:') || k.startsWith('ICC_Profile:'));
}
