'use client';
// A draft listing's editor, on /listings/new and when a draft is opened from My listings: the
// title (saved on the server as typed), the gallery on the draft's upload session, "Pay &
// publish", and delete. On /listings/new the draft is made at once and the URL follows it
// (?session=), without remounting anything, so files chosen meanwhile are kept and start as
// soon as the draft exists, and a reload finds the draft.
import { useEffect, useRef, useState } from 'react';
import type { GalleryImage } from '@/lib/images/gallery-image';
import type { UploadLimits } from '@/lib/uploads/limits';
import { messageOf } from '@/components/api/call-api';
import { LocalTime } from '@/components/keys/local-time';
import { FormError } from '@/components/layout/form-error';
import { Gallery } from './gallery';
import { PublishPanel } from './publish-panel';
import { DeleteListing } from './delete-listing';
import { ListingTitleField } from './listing-title-field';
import { createDraft, type DraftInfo } from './listing-api';
import own from './listing-pages.module.css';

export function NewListingEditor({
  draft,
  sessionWasLost = false,
  initialImages,
  limits,
  checkoutAvailable,
  urlFollowsDraft,
}: {
  /** null on a fresh /listings/new: the draft is made on the first render. */
  draft: DraftInfo | null;
  /** The URL named a session that is gone (cleaned up): say so once. */
  sessionWasLost?: boolean;
  initialImages: GalleryImage[];
  limits: UploadLimits;
  checkoutAvailable: boolean;
  /** On /listings/new: put the draft's session in the URL once it exists. */
  urlFollowsDraft: boolean;
}) {
  const [current, setCurrent] = useState(draft);
  const [title, setTitle] = useState(draft?.title ?? '');
  const [createError, setCreateError] = useState<string | null>(null);
  const creating = useRef(false);
  const titleNow = useRef(title);
  titleNow.current = title;

  useEffect(() => {
    if (current || creating.current) return;
    creating.current = true;
    createDraft(titleNow.current.trim()).then(
      (made) => {
        setCurrent(made);
        // Next's router follows history.replaceState without re-rendering the page.
        if (urlFollowsDraft) window.history.replaceState(null, '', `/listings/new?session=${encodeURIComponent(made.uploadSessionId)}`);
      },
      (error: unknown) => setCreateError(messageOf(error)),
    );
  }, [current, urlFollowsDraft]);

  return (
    <>
      <ListingTitleField listingId={current?.id ?? null} initialTitle={title} allowEmpty onChange={setTitle} />
      {current?.abandonAt && (
        <p className={own.meta}>
          Saved as a draft on My listings. Abandoned on <LocalTime value={current.abandonAt} /> if untouched.
        </p>
      )}
      <FormError message={sessionWasLost ? 'That upload session has expired, so a new one was started.' : null} />
      <Gallery
        target={current ? { uploadSessionId: current.uploadSessionId } : null}
        initialImages={initialImages}
        limits={limits}
        uploadsDisabledReason={createError ? 'Uploads need the listing, which could not be created.' : null}
      >
        {(gallery) => (
          <div className={own.side}>
            <FormError message={createError && createFailureMessage(createError, gallery.queued)} />
            <PublishPanel
              gallery={gallery}
              sessionId={current?.uploadSessionId ?? null}
              title={title}
              checkoutAvailable={checkoutAvailable}
              sessionFailed={createError !== null}
            />
            {current && !urlFollowsDraft && <DeleteListing listingId={current.id} title={title} imageCount={gallery.counted} pendingPayment={false} />}
          </div>
        )}
      </Gallery>
    </>
  );
}

function createFailureMessage(cause: string, queued: number) {
  const lost = queued > 0 ? `, so the ${queued} ${queued === 1 ? 'image' : 'images'} you chose did not upload` : '';
  return `The listing could not be created (${cause})${lost}. Reload the page to try again.`;
}
