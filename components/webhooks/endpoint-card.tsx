'use client';
// One endpoint: where it sends, what, whether it is healthy, its actions and its log. The
// log is re-read every few seconds while the page is open, so a test event shows up.
import { useCallback, useEffect, useState } from 'react';
import { callApi, messageOf } from '@/components/api/call-api';
import { LocalTime } from '@/components/keys/local-time';
import { DeliveriesTable } from './deliveries-table';
import type { DeliveryItem, EndpointItem } from './types';
import styles from './webhooks.module.css';
import { FormError } from '@/components/layout/form-error';

const REFRESH_MS = 3000;

interface Props {
  endpoint: EndpointItem;
  onRotated: (secret: string) => void;
  onDeleted: () => Promise<void>;
  onChanged: () => Promise<void>;
}

export function EndpointCard({ endpoint, onRotated, onDeleted, onChanged }: Props) {
  const [deliveries, setDeliveries] = useState<DeliveryItem[]>([]);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const base = `/api/webhook-endpoints/${endpoint.id}`;

  const reload = useCallback(async () => {
    const page = await callApi<{ items: DeliveryItem[] }>(`${base}/deliveries?limit=10`);
    setDeliveries(page.items);
  }, [base]);

  useEffect(() => {
    void reload().catch(() => undefined);
    const timer = setInterval(() => void reload().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  async function act(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const titleId = `endpoint-${endpoint.id}`;
  return (
    <section className={styles.card} aria-labelledby={titleId}>
      <div className={styles.endpointHead}>
        <h3 id={titleId} className={`${styles.cardTitle} ${styles.url}`}>
          {endpoint.url}
        </h3>
        {endpoint.disabledAt ? (
          <span className={styles.bad}>Disabled</span>
        ) : endpoint.failingSince ? (
          <span className={styles.warn}>Failing</span>
        ) : (
          <span className={styles.ok}>Active</span>
        )}
      </div>
      <p className={styles.meta}>
        {endpoint.events.join(', ')} · created <LocalTime value={endpoint.createdAt} />
        {endpoint.previousSecretUntil && (
          <>
            {' '}
            · old secret signs until <LocalTime value={endpoint.previousSecretUntil} />
          </>
        )}
      </p>
      {endpoint.disabledAt && (
        <p className={styles.alert} role="status">
          Disabled <LocalTime value={endpoint.disabledAt} />: {endpoint.disabledReason}
        </p>
      )}
      {!endpoint.disabledAt && endpoint.failingSince && (
        <p className={styles.meta}>
          Failing since <LocalTime value={endpoint.failingSince} />: {endpoint.lastFailure}. After 3 days of failures it is disabled.
        </p>
      )}
      <div className={styles.actions}>
        {endpoint.disabledAt ? (
          <button
            type="button"
            className="button"
            onClick={() =>
              act(async () => {
                await callApi(`${base}/enable`, 'POST');
                await onChanged();
              })
            }
          >
            Enable again
          </button>
        ) : (
          <button
            type="button"
            className="button"
            onClick={() =>
              act(async () => {
                await callApi(`${base}/test`, 'POST');
                setNotice('Test event queued.');
                await reload();
              })
            }
          >
            Send test event
          </button>
        )}
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            act(async () => {
              const answer = await callApi<{ secret: string }>(`${base}/rotate-secret`, 'POST');
              onRotated(answer.secret);
            })
          }
        >
          Rotate secret
        </button>
        {confirmDelete ? (
          <>
            <button type="button" className="button danger" onClick={() => act(onDeleted)}>
              Yes, delete
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="button danger" onClick={() => setConfirmDelete(true)} aria-label={`Delete ${endpoint.url}`}>
            Delete
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      <FormError message={error} />
      <h4 className={styles.meta}>Recent deliveries</h4>
      <DeliveriesTable deliveries={deliveries} onChange={reload} />
    </section>
  );
}
