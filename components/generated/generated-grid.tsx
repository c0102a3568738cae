'use client';
// The caller's generated images under one filter: a grid of cards, a full-size view with
// stage and delete, and "Load more" on the API's cursor. Images moved out of the filter
// stay until their view closes, so the grid does not jump under the reader.
import { useState } from 'react';
import { Thumbnail } from '@/components/gallery/thumbnail';
import { callApi, messageOf } from '@/components/api/call-api';
import { LocalTime } from '@/components/keys/local-time';
import { inFilter, shortPrompt, toGeneratedImage, type GeneratedImage, type Stage } from './generated-image';
import { ImageView } from './image-view';
import { StageBadge } from './stage-badge';
import styles from './generated.module.css';
import { FormError } from '@/components/layout/form-error';

const PAGE_SIZE = 24;

export function GeneratedGrid({ filter, initialItems, initialCursor }: { filter: Stage | null; initialItems: GeneratedImage[]; initialCursor: string | null }) {
  const [items, setItems] = useState(initialItems);
  const [cursor, setCursor] = useState(initialCursor);
  const [openId, setOpenId] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const open = items.find((i) => i.id === openId) ?? null;

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    const query = new URLSearchParams({ source: 'generated', limit: String(PAGE_SIZE), cursor });
    if (filter) query.set('stage', filter);
    try {
      const page = await callApi<{ items: GeneratedImage[]; nextCursor: string | null }>(`/api/images?${query}`);
      setItems((all) => [...all, ...page.items.map(toGeneratedImage).filter((i) => !all.some((a) => a.id === i.id))]);
      setCursor(page.nextCursor);
      setNotice(`${page.items.length} more ${page.items.length === 1 ? 'image' : 'images'} loaded`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {items.length === 0 ? (
        <p className={styles.noneHere}>Nothing left under this filter.</p>
      ) : (
        <ul className={styles.grid} aria-label="Generated images">
          {items.map((image) => (
            <li key={image.id} className={styles.card}>
              <button type="button" className={styles.view} onClick={() => setOpenId(image.id)} aria-label={`View ${shortPrompt(image.prompt)}`}>
                <Thumbnail src={image.thumbnailUrl ?? image.url} placeholder={image.placeholder} />
              </button>
              <div className={styles.cardBody}>
                <p className={styles.prompt} title={image.prompt ?? undefined}>
                  {image.prompt || 'No prompt'}
                </p>
                <div className={styles.cardMeta}>
                  <StageBadge stage={image.stage} />
                  <LocalTime value={image.createdAt} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <FormError message={error} />
      {cursor && (
        <div className={styles.more}>
          <button type="button" className="button secondary" onClick={loadMore} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
      <ImageView
        image={open}
        onChanged={(next) => setItems((all) => all.map((i) => (i.id === next.id ? next : i)))}
        onDeleted={(id) => {
          setItems((all) => all.filter((i) => i.id !== id));
          setOpenId(null);
          setNotice('Image deleted');
        }}
        onClose={() => {
          setOpenId(null);
          setItems((all) => all.filter((i) => inFilter(i, filter)));
        }}
      />
    </>
  );
}
