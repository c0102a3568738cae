'use client';
// A caption saved as it is typed, with a counter and a visible saving state.
import { useId } from 'react';
import { CAPTION_MAX_LENGTH } from '@/lib/uploads/limits';
import type { SaveState } from './use-caption-saves';
import styles from './gallery.module.css';

const STATE_TEXT: Record<SaveState, string> = {
  pending: 'Saving…',
  saving: 'Saving…',
  saved: 'Saved',
  failed: 'Not saved',
};

export function CaptionField({
  filename,
  value,
  disabled,
  state,
  onChange,
  onRetry,
}: {
  filename: string;
  value: string;
  disabled: boolean;
  state: SaveState | undefined;
  onChange: (caption: string) => void;
  onRetry: () => void;
}) {
  const id = useId();
  return (
    <div className={styles.caption}>
      <label htmlFor={id} className={styles.captionLabel}>
        Caption<span className="visually-hidden"> for {filename}</span>
      </label>
      <textarea
        id={id}
        className={`input ${styles.captionInput}`}
        rows={2}
        maxLength={CAPTION_MAX_LENGTH}
        value={value}
        disabled={disabled}
        placeholder={disabled ? 'Available once uploaded' : 'Describe this picture'}
        aria-describedby={`${id}-meta`}
        onChange={(event) => onChange(event.target.value)}
      />
      <div id={`${id}-meta`} className={styles.captionMeta}>
        <span className={styles.saveState} data-state={state}>
          {state ? STATE_TEXT[state] : ''}
          {state === 'failed' && (
            <button type="button" className={styles.linkButton} aria-label={`Try again to save the caption for ${filename}`} onClick={onRetry}>
              Try again
            </button>
          )}
        </span>
        <span>
          {value.length}/{CAPTION_MAX_LENGTH}
          <span className="visually-hidden"> characters</span>
        </span>
      </div>
    </div>
  );
}
