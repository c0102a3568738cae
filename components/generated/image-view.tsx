'use client';
// The full-size view of a generated image: a modal <dialog> (focus trapped, Escape closes,
// focus handed back to the opener) with the prompt, its details, stage and delete.
import { useState, type CSSProperties } from 'react';
import { closeDialogOf, ModalDialog } from '@/components/dialog/modal-dialog';
import { Thumbnail } from '@/components/gallery/thumbnail';
import { LocalTime } from '@/components/keys/local-time';
import { formatBytes } from '@/lib/format-bytes';
import { shortPrompt, type GeneratedImage } from './generated-image';
import { ImageActions } from './image-actions';
import { StageBadge } from './stage-badge';
import styles from './generated.module.css';

export function ImageView({
  image,
  onChanged,
  onDeleted,
  onClose,
}: {
  image: GeneratedImage | null;
  onChanged: (image: GeneratedImage) => void;
  onDeleted: (id: string) => void;
  onClose: () => void;
}) {
  const [shown, setShown] = useState<GeneratedImage | null>(image);
  const open = image !== null;
  // Keep the last image's content while the dialog closes, so it never flashes empty.
  if (image && image !== shown) setShown(image);

  const ratio = shown?.width && shown.height ? shown.width / shown.height : 1;
  const metadata = shown?.metadata && typeof shown.metadata === 'object' && Object.keys(shown.metadata).length > 0 ? shown.metadata : null;

  return (
    <ModalDialog open={open} onClose={onClose} labelledBy="image-view-title" className={styles.dialog}>
      {shown && (
        <div className={styles.dialogBody}>
          <div className={styles.dialogHead}>
            <h2 id="image-view-title" className={styles.dialogTitle}>
              {shortPrompt(shown.prompt, 80)}
            </h2>
            {/* biome-ignore lint/a11y/noAutofocus: the dialog opens focused on Close (the WAI-ARIA dialog pattern) */}
            <button type="button" className="button secondary" onClick={(e) => closeDialogOf(e.currentTarget)} autoFocus>
              Close
            </button>
          </div>
          <div className={styles.dialogMain}>
            <div className={styles.full} style={{ '--ratio': ratio } as CSSProperties}>
              <Thumbnail key={shown.id} src={shown.url} placeholder={shown.placeholder} alt={shortPrompt(shown.prompt, 150)} fit="contain" />
            </div>
            <div className={styles.details}>
              <section aria-labelledby="prompt-heading">
                <h3 id="prompt-heading" className={styles.detailsHeading}>
                  Prompt
                </h3>
                <p className={styles.fullPrompt}>{shown.prompt || 'No prompt'}</p>
              </section>
              <dl className={styles.facts}>
                <dt>Stage</dt>
                <dd>
                  <StageBadge stage={shown.stage} />
                </dd>
                <dt>Created</dt>
                <dd>
                  <LocalTime value={shown.createdAt} />
                </dd>
                {shown.width && shown.height && (
                  <>
                    <dt>Size</dt>
                    <dd>
                      {shown.width} × {shown.height} px
                    </dd>
                  </>
                )}
                <dt>File</dt>
                <dd>
                  {formatBytes(shown.byteSize)} {shown.mimeType === 'image/png' ? 'PNG' : shown.mimeType}
                </dd>
              </dl>
              {metadata && (
                // Not a <section>: the scrollable <pre> is the region, named by this heading (two
                // regions of one name were axe's landmark-unique violation).
                <div>
                  <h3 id="metadata-heading" className={styles.detailsHeading}>
                    Metadata
                  </h3>
                  {/* biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling <pre> is the named region, focusable so it scrolls from the keyboard */}
                  <pre className={styles.metadata} role="region" tabIndex={0} aria-labelledby="metadata-heading">
                    {JSON.stringify(metadata, null, 2)}
                  </pre>
                </div>
              )}
              <ImageActions key={shown.id} image={shown} onChanged={onChanged} onDeleted={onDeleted} />
            </div>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
