'use client';
// Where files come in: dropped, picked, or pasted. Every file is handed over unchecked
// (react-dropzone's own accept/maxSize stay off) so one check names each refusal clearly.
import { useId } from 'react';
import { useDropzone } from 'react-dropzone';
import { formatBytes } from '@/lib/format-bytes';
import { UPLOAD_TYPES, UPLOAD_TYPE_NAMES, type UploadLimits } from '@/lib/uploads/limits';
import { UploadIcon } from './icons';
import styles from './gallery.module.css';

const ACCEPT_ATTRIBUTE = [...Object.keys(UPLOAD_TYPES), ...Object.values(UPLOAD_TYPES).flat()].join(',');

export function UploadDropzone({
  limits,
  remaining,
  disabledReason,
  full = false,
  onFiles,
}: {
  limits: UploadLimits;
  remaining: number;
  /** Every place is taken: the box says so and takes no drops. */
  full?: boolean;
  /** Why nothing can be added right now; null when files are welcome. */
  disabledReason: string | null;
  onFiles: (files: File[]) => void;
}) {
  const hintId = useId();
  const disabled = disabledReason !== null;
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    onDrop: (accepted) => onFiles(accepted),
    disabled,
    // The input itself takes focus (it carries the "Upload images" name), so Enter and Space
    // open the picker natively; the wrapping box only handles clicks, drops and pastes.
    noKeyboard: true,
  });
  return (
    <div {...getRootProps({ className: styles.dropzone })} data-active={isDragActive} data-disabled={disabled} data-full={full || undefined}>
      <input
        {...getInputProps({
          'aria-label': 'Upload images',
          'aria-describedby': hintId,
          accept: ACCEPT_ATTRIBUTE,
          className: 'visually-hidden',
          style: undefined,
          tabIndex: 0,
          disabled,
        })}
      />
      <span className={styles.dropIcon}>
        <UploadIcon />
      </span>
      <p className={styles.dropTitle} aria-hidden="true">
        {full ? (
          'This listing is full'
        ) : disabled ? (
          'Adding images is paused'
        ) : isDragActive ? (
          'Drop the images here'
        ) : (
          <>
            Drag images here, or <span className={styles.dropLink}>choose files</span>
          </>
        )}
      </p>
      <p id={hintId} className={styles.dropHint}>
        {disabledReason ??
          `${UPLOAD_TYPE_NAMES}, up to ${formatBytes(limits.maxBytes)} each. ` + `${remaining} of ${limits.maxImages} places left. You can also paste images.`}
      </p>
    </div>
  );
}
