// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout restyles rows as grids, which drops a table's semantics unless its roles are explicit
'use client';
// An endpoint's last deliveries: event, status, attempts, the last answer, and a retry.
import { useState } from 'react';
import { callApi, messageOf } from '@/components/api/call-api';
import { LocalTime } from '@/components/keys/local-time';
import type { DeliveryItem } from './types';
import { FormError } from '@/components/layout/form-error';
import { RoleTable } from './role-table';
import styles from './webhooks.module.css';

const STATUS_CLASS = { delivered: styles.ok, pending: styles.warn, failed: styles.bad };

export function DeliveriesTable({ deliveries, onChange }: { deliveries: DeliveryItem[]; onChange: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (deliveries.length === 0) return <p className={styles.none}>No deliveries yet. Send a test event to see one.</p>;
  async function retry(delivery: DeliveryItem) {
    setBusy(delivery.id);
    setError(null);
    try {
      await callApi(`/api/webhook-deliveries/${delivery.id}/retry`, 'POST');
      await onChange();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }
  return (
    <RoleTable
      caption="Recent deliveries"
      columns={['Event', 'Status', 'Attempts', 'Response', 'When', { hidden: 'Actions' }]}
      notice={<FormError message={error} />}
    >
      {deliveries.map((d) => (
        <tr role="row" key={d.id}>
          <td role="cell">
            <code>{d.eventType}</code>
          </td>
          <td role="cell" data-label="Status">
            <span className={STATUS_CLASS[d.status]}>{d.status}</span>
          </td>
          <td role="cell" data-label="Attempts">
            {d.attempts}
          </td>
          <td role="cell" data-label="Response">
            {d.lastStatusCode ?? '—'}
            {d.lastError && <span className={styles.error}>{d.lastError}</span>}
          </td>
          <td role="cell" data-label={d.status === 'pending' ? 'Next attempt' : 'Last attempt'}>
            {d.status === 'pending' && d.nextAttemptAt ? (
              <>
                next <LocalTime value={d.nextAttemptAt} />
              </>
            ) : d.deliveredAt ? (
              <LocalTime value={d.deliveredAt} />
            ) : d.lastAttemptAt ? (
              <LocalTime value={d.lastAttemptAt} />
            ) : (
              <LocalTime value={d.createdAt} />
            )}
          </td>
          <td role="cell">
            <button type="button" className="button secondary" disabled={busy === d.id} onClick={() => retry(d)} aria-label={`Retry ${d.eventType} delivery`}>
              {busy === d.id ? 'Retrying…' : 'Retry'}
            </button>
          </td>
        </tr>
      ))}
    </RoleTable>
  );
}
