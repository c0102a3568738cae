'use client';
// Dry run and the real clean-up, through POST /api/cleanup/temp-images. The real one asks
// first; after either, the server page re-renders so the history and temp list are current.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ApiError, callApi, messageOf } from '@/components/api/call-api';
import { plural } from './format';
import styles from './admin.module.css';
import { ConfirmGroup } from '@/components/dialog/confirm-group';
import { FormError } from '@/components/layout/form-error';

interface RunResult {
  runId?: string;
  found: number;
  deleted: number;
  failed: number;
  dryRun: boolean;
}

export function CleanupActions({ thresholdHours }: { thresholdHours: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState<'dry' | 'live' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'dry' : 'live');
    setConfirming(false);
    setResult(null);
    setError(null);
    try {
      const r = await callApi<RunResult>('/api/cleanup/temp-images', 'POST', { action: 'cleanup-old', dryRun });
      setResult(
        dryRun
          ? `Would remove ${plural(r.found, 'item')}. Nothing was deleted: this was a dry run.`
          : `Clean-up finished: removed ${plural(r.deleted, 'item')} of ${r.found} found${r.failed > 0 ? `, ${r.failed} failed (see the logs)` : ''}.`,
      );
    } catch (err) {
      // 409: another run holds the lock; its message says so.
      setError(err instanceof ApiError && err.status === 409 ? err.message : `Clean-up failed: ${messageOf(err)}`);
    } finally {
      setBusy(null);
      startTransition(() => router.refresh());
    }
  }

  return (
    <div className={styles.cleanup}>
      <p className={styles.caption}>
        Removes temp images older than {plural(thresholdHours, 'hour')}, uploads stuck for a day, and files with no record. Sessions waiting on a checkout are
        never touched.
      </p>
      <div className={styles.buttons}>
        <button type="button" className="button secondary" onClick={() => run(true)} disabled={busy !== null}>
          {busy === 'dry' ? 'Checking…' : 'Dry run'}
        </button>
        {!confirming && (
          <button type="button" className="button danger" onClick={() => setConfirming(true)} disabled={busy !== null}>
            {busy === 'live' ? 'Cleaning up…' : 'Run clean-up'}
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmGroup className={styles.confirm} labelledBy="cleanup-confirm-text">
          <p id="cleanup-confirm-text" className={styles.confirmText}>
            Delete what the dry run would find? Deleted files cannot be restored.
          </p>
          <div className={styles.buttons}>
            <button type="button" className="button danger" onClick={() => run(false)}>
              Yes, run clean-up
            </button>
            {/* biome-ignore lint/a11y/noAutofocus: a confirmation opens focused on its safe choice, Cancel */}
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </button>
          </div>
        </ConfirmGroup>
      )}
      <p className={styles.result} role="status">
        {result}
      </p>
      <FormError message={error} />
    </div>
  );
}
