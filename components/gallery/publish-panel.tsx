'use client';
// "Pay & publish": waits for uploads and caption saves to settle, creates the checkout and
// goes to the payment page. Disabled, with the reason shown, until it can work. Beside the
// grid on wide screens; on phones the same panel is a bar fixed to the bottom of the screen
// ("3 of 3 ready" or the reason, and the button), so publishing is never a long scroll away.
import { useRef, useState } from 'react';
import { startCheckout } from './gallery-api';
import { IN_FLIGHT } from './gallery-items';
import { useBarHeight } from './use-bar-height';
import type { GalleryModel } from './use-gallery';
import styles from './gallery.module.css';
import { FormError } from '@/components/layout/form-error';

export function PublishPanel({
  gallery,
  sessionId,
  title,
  checkoutAvailable,
  sessionFailed = false,
}: {
  gallery: GalleryModel;
  sessionId: string | null;
  /** The draft (and its upload session) could not be made: nothing waits any more. */
  sessionFailed?: boolean;
  title: string;
  /** False hides checkout (with the reason shown) where a deployment does not sell listings. */
  checkoutAvailable: boolean;
}) {
  const [state, setState] = useState<{ busy: string | null; error: string | null }>({ busy: null, error: null });
  const barRef = useRef<HTMLElement>(null);
  useBarHeight(barRef);
  const uploaded = gallery.items.filter((item) => item.phase === 'uploaded').length;
  const inFlight = gallery.items.filter((item) => IN_FLIGHT.has(item.phase)).length;
  const notUploaded = gallery.items.length - uploaded - inFlight;
  // Worded apart from the "6 of 10" count above the grid, so neither reads as the other.
  const summary =
    gallery.items.length === 0
      ? 'No images yet'
      : uploaded === gallery.items.length
        ? uploaded === 1
          ? '1 image ready'
          : `All ${uploaded} images ready`
        : [`${uploaded} ready`, inFlight > 0 && `${inFlight} uploading`, notUploaded > 0 && `${notUploaded} not uploaded`].filter(Boolean).join(' · ');
  const blockedBy = !checkoutAvailable
    ? 'Checkout is not available here. Your images are kept.'
    : !sessionId
      ? sessionFailed
        ? 'The listing could not be created. Reload the page to try again.'
        : gallery.queued > 0
          ? `Getting your listing ready; ${gallery.queued} ${gallery.queued === 1 ? 'image waits' : 'images wait'} to upload…`
          : 'Getting your listing ready…'
      : title.trim() === ''
        ? 'Add a title to publish.'
        : gallery.items.length === 0
          ? 'Add at least one image to publish.'
          : null;

  async function publish() {
    if (blockedBy || !sessionId) return;
    setState({ busy: gallery.busy ? 'Finishing uploads…' : 'Starting checkout…', error: null });
    try {
      const problem = await gallery.settle();
      if (problem) return setState({ busy: null, error: problem });
      setState({ busy: 'Starting checkout…', error: null });
      const { checkoutUrl } = await startCheckout(sessionId, title.trim());
      // The payment page may be another site (Stripe): a full navigation, not a client route.
      window.location.assign(checkoutUrl);
    } catch (error) {
      setState({ busy: null, error: error instanceof Error ? error.message : 'Checkout could not start' });
    }
  }

  return (
    <aside ref={barRef} className={`${styles.panel} ${styles.publishBar}`} aria-labelledby="publish-heading">
      <h2 id="publish-heading" className={styles.panelTitle}>
        Publish
      </h2>
      {/* The bar's short form of the paragraph below (each is shown at its own width only). */}
      <p className={styles.barSummary}>{summary}</p>
      <p className={styles.panelText}>
        {uploaded} {uploaded === 1 ? 'image' : 'images'} ready{gallery.uploading ? ', more uploading' : ''}. Images stay private until the listing is paid for
        and published.
      </p>
      <button
        type="button"
        className={`button ${styles.publishButton}`}
        disabled={blockedBy !== null || state.busy !== null}
        aria-describedby="publish-reason"
        onClick={publish}
      >
        Pay &amp; publish
      </button>
      <p id="publish-reason" className={styles.panelReason} role="status">
        {state.busy ?? blockedBy ?? ''}
      </p>
      <FormError message={state.error} />
    </aside>
  );
}
