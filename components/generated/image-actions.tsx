'use client';
// Change a generated image's stage (saved at once) or delete it for good, after a confirm.
import { useState } from 'react';
import { callApi, messageOf } from '@/components/api/call-api';
import { STAGES, toGeneratedImage, type GeneratedImage, type Stage } from './generated-image';
import styles from './generated.module.css';
import { ConfirmGroup } from '@/components/dialog/confirm-group';
import { FormError } from '@/components/layout/form-error';

export function ImageActions({
  image,
  onChanged,
  onDeleted,
}: {
  image: GeneratedImage;
  onChanged: (image: GeneratedImage) => void;
  onDeleted: (id: string) => void;
}) {
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function changeStage(stage: Stage) {
    setSaving(true);
    setSaved('');
    setError(null);
    try {
      const next = await callApi<GeneratedImage>(`/api/images/${image.id}/stage`, 'PATCH', { stage });
      onChanged(toGeneratedImage(next));
      setSaved(`Stage saved: ${STAGES.find((s) => s.value === stage)?.label}`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    setDeleting(true);
    setError(null);
    try {
      await callApi<void>(`/api/images/${image.id}`, 'DELETE');
      onDeleted(image.id);
    } catch (err) {
      setError(messageOf(err));
      setDeleting(false);
    }
  }

  return (
    <div className={styles.actions}>
      <div className={`field ${styles.stageField}`}>
        <label htmlFor="image-stage">Change stage</label>
        <select
          id="image-stage"
          className="input"
          value={image.stage ?? 'generated'}
          disabled={saving}
          onChange={(event) => changeStage(event.target.value as Stage)}
        >
          {STAGES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <span className={styles.saved} role="status">
          {saved}
        </span>
      </div>
      <div className={styles.actionRow}>
        {image.url && (
          <a className="button secondary" href={image.url} target="_blank" rel="noopener noreferrer">
            Open original
          </a>
        )}
        {!confirming && (
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>
            Delete image
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmGroup className={styles.confirm} labelledBy="delete-confirm-text">
          <p id="delete-confirm-text" className={styles.confirmText}>
            Delete this image and its file for good? This cannot be undone.
          </p>
          <div className={styles.actionRow}>
            <button type="button" className="button danger" onClick={remove} disabled={deleting}>
              {deleting ? 'Deleting…' : 'Yes, delete'}
            </button>
            {/* biome-ignore lint/a11y/noAutofocus: a confirmation opens focused on its safe choice, Cancel */}
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={deleting} autoFocus>
              Cancel
            </button>
          </div>
        </ConfirmGroup>
      )}
      <FormError message={error} />
    </div>
  );
}
