'use client';
// /listings/new: the title, the gallery on an upload session, and "Pay & publish". The
// session is created on the first visit and its id put in the URL, so a reload keeps it.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { GalleryImage } from '@/lib/images/gallery-image';
import type { UploadLimits } from '@/lib/uploads/limits';
import { createUploadSession } from './gallery-api';
import { Gallery } from './gallery';
import { PublishPanel } from './publish-panel';
import styles from './gallery.module.css';

const titleKey = (sessionId: string) => `imagedock:title:${sessionId}`;

export function NewListingEditor({ sessionId, sessionWasLost, initialImages, limits, checkoutAvailable }: {
  sessionId: string | null;
  /** The URL named a session that is gone (expired and cleaned up): say so once. */
  sessionWasLost: boolean;
  initialImages: GalleryImage[];
  limits: UploadLimits;
  checkoutAvailable: boolean;
}) {
  const router = useRouter();
  const [title, setTitle] = useState('');
  const [sessionError, setSessionError] = useState<string | null>(null);
  const creating = useRef(false);
  // Latched: the prop turns false once the new session's URL is in place.
  const [lostNotice] = useState(sessionWasLost);

  useEffect(() => {
    if (sessionId || creating.current) return;
    creating.current = true;
    createUploadSession().then(
      ({ id }) => router.replace(`/listings/new?session=${encodeURIComponent(id)}`, { scroll: false }),
      (error: unknown) => {
        creating.current = false;
        setSessionError(error instanceof Error ? error.message : 'The upload area could not be created');
      },
    );
  }, [sessionId, router]);

  // The title has nowhere on the server to live before checkout: keep it with the session
  // in this browser so a reload does not lose it.
  useEffect(() => {
    if (!sessionId) return;
    const stored = localStorage.getItem(titleKey(sessionId));
    setTitle((current) => current || stored || '');
  }, [sessionId]);

  function changeTitle(value: string) {
    setTitle(value);
    if (sessionId) localStorage.setItem(titleKey(sessionId), value);
  }

  return (
    <>
      <div className={`field ${styles.titleField}`}>
        <label htmlFor="listing-title">Title</label>
        <input
          id="listing-title"
          className="input"
          value={title}
          maxLength={200}
          placeholder="e.g. Sunny two-bedroom flat"
          autoComplete="off"
          onChange={(event) => changeTitle(event.target.value)}
        />
      </div>
      {lostNotice && <p className="form-error" role="alert">That upload session has expired, so a new one was started.</p>}
      {sessionError && <p className="form-error" role="alert">{sessionError}. Reload the page to try again.</p>}
      <Gallery
        key={sessionId ?? 'pending'}
        target={sessionId ? { uploadSessionId: sessionId } : null}
        initialImages={initialImages}
        limits={limits}
      >
        {(gallery) => <PublishPanel gallery={gallery} sessionId={sessionId} title={title} checkoutAvailable={checkoutAvailable} />}
      </Gallery>
    </>
  );
}
