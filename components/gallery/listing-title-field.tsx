'use client';
// The listing's title, saved on the server as it is typed (a draft may stay untitled; a
// listing past its draft keeps its last title until a new one is typed). A title still
// unsaved when the page goes away is sent with keepalive, so a reload shows it.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { messageOf } from '@/components/api/call-api';
import { saveTitle } from './listing-api';
import styles from './listing-pages.module.css';

const SAVE_AFTER_MS = 400;

export function ListingTitleField({
  listingId,
  initialTitle,
  allowEmpty,
  onChange,
}: {
  /** null until the draft exists; what was typed meanwhile is saved once it does. */
  listingId: string | null;
  initialTitle: string;
  allowEmpty: boolean;
  onChange?: (title: string) => void;
}) {
  const [title, setTitle] = useState(initialTitle);
  const [state, setState] = useState<'saved' | 'saving' | 'error' | 'empty'>('saved');
  const [error, setError] = useState<string | null>(null);
  const saved = useRef(initialTitle.trim());
  const wanted = title.trim();

  useEffect(() => {
    if (!listingId || wanted === saved.current) return;
    if (!allowEmpty && wanted === '') return setState('empty');
    setState('saving');
    const timer = setTimeout(() => {
      saveTitle(listingId, wanted).then(
        () => {
          saved.current = wanted;
          setState('saved');
          setError(null);
        },
        (err: unknown) => {
          setState('error');
          setError(messageOf(err));
        },
      );
    }, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [listingId, wanted, allowEmpty]);

  // One pagehide listener per listing, reading the title typed so far (not one per keystroke).
  const flush = useEffectEvent(() => {
    if (!listingId || wanted === saved.current || (!allowEmpty && wanted === '')) return;
    void fetch(`/api/listings/${listingId}`, {
      method: 'PATCH',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: wanted }),
    });
  });
  useEffect(() => {
    if (!listingId) return;
    const listener = () => flush();
    window.addEventListener('pagehide', listener);
    return () => window.removeEventListener('pagehide', listener);
  }, [listingId]);

  const status = !listingId
    ? ''
    : state === 'saving'
      ? 'Saving…'
      : state === 'empty'
        ? 'A listing needs a title; the last one is kept.'
        : state === 'error'
          ? `Not saved: ${error}`
          : wanted
            ? 'Saved'
            : '';
  return (
    <div className={`field ${styles.titleField}`}>
      <label htmlFor="listing-title">Title</label>
      <input
        id="listing-title"
        className="input"
        value={title}
        maxLength={200}
        placeholder="e.g. Sunny two-bedroom flat"
        autoComplete="off"
        aria-describedby="listing-title-state"
        onChange={(event) => {
          setTitle(event.target.value);
          onChange?.(event.target.value);
        }}
      />
      <p id="listing-title-state" className={styles.fieldState} data-state={state} role="status">
        {status}
      </p>
    </div>
  );
}
