// Sorts files a user picked, dropped or pasted into those worth uploading and those refused,
// each refusal naming the file and the reason. Runs in the browser before anything is sent.
import { formatBytes } from '@/lib/format-bytes';
import { UPLOAD_TYPES, UPLOAD_TYPE_NAMES, type UploadLimits, type UploadType } from './limits';

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

export interface SelectionCheck<T extends FileLike> {
  accepted: { file: T; type: UploadType }[];
  rejected: { filename: string; reason: string }[];
}

/** The type to declare for a file: its own if accepted, else one inferred from the extension. */
export function uploadTypeOf(file: FileLike): UploadType | null {
  const declared = file.type.toLowerCase();
  if (declared in UPLOAD_TYPES) return declared as UploadType;
  // Browsers often give HEIC photos (and files from some sources) no type at all.
  if (declared !== '' && declared !== 'application/octet-stream') return null;
  const name = file.name.toLowerCase();
  const match = Object.entries(UPLOAD_TYPES).find(([, exts]) => exts.some((ext) => name.endsWith(ext)));
  return match ? (match[0] as UploadType) : null;
}

export function checkSelectedFiles<T extends FileLike>(
  files: readonly T[],
  { limits, existing }: { limits: UploadLimits; existing: number },
): SelectionCheck<T> {
  const result: SelectionCheck<T> = { accepted: [], rejected: [] };
  let room = Math.max(0, limits.maxImages - existing);
  for (const file of files) {
    const type = uploadTypeOf(file);
    const reason = !type
      ? `not an image we accept (use ${UPLOAD_TYPE_NAMES})`
      : file.size === 0
        ? 'the file is empty'
        : file.size > limits.maxBytes
          ? `${formatBytes(file.size)} is over the ${formatBytes(limits.maxBytes)} limit per image`
          : room === 0
            ? `a listing holds at most ${limits.maxImages} images`
            : null;
    if (reason || !type) {
      result.rejected.push({ filename: file.name, reason: reason ?? '' });
      continue;
    }
    room -= 1;
    result.accepted.push({ file, type });
  }
  return result;
}
