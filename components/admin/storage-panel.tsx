// What is stored, and when the media tools last checked it (`npm run media -- verify` and
// `snapshot`, recorded in media_checks).
import { LocalTime } from '@/components/keys/local-time';
import { formatBytes } from '@/lib/format-bytes';
import { formatAge } from './format';
import styles from './admin.module.css';
import { AdminPanel } from './admin-panel';

interface Check {
  finishedAt: string;
  summary: Record<string, unknown>;
}

export function StoragePanel({
  images,
  listings,
  bytes,
  lastVerify,
  lastSnapshot,
  now,
}: {
  images: number;
  listings: number;
  bytes: number;
  lastVerify: Check | null;
  lastSnapshot: Check | null;
  now: number;
}) {
  return (
    <AdminPanel id="storage" title="Storage">
      <dl className={styles.stats}>
        <div>
          <dt>Images</dt>
          <dd>{images.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>Listings</dt>
          <dd>{listings.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>Stored</dt>
          <dd>{formatBytes(bytes)}</dd>
        </div>
      </dl>
      <dl className={styles.facts}>
        <dt>Last verify</dt>
        <dd>
          {lastVerify ? (
            <>
              <LocalTime value={lastVerify.finishedAt} />
              <span className={styles.summary}>{summaryText(lastVerify.summary)}</span>
            </>
          ) : (
            'No verify run recorded yet'
          )}
        </dd>
        <dt>Last snapshot</dt>
        <dd>
          {lastSnapshot ? (
            <>
              {formatAge((now - Date.parse(lastSnapshot.finishedAt)) / 3600_000)} ago (<LocalTime value={lastSnapshot.finishedAt} />)
            </>
          ) : (
            'No snapshot recorded yet'
          )}
        </dd>
      </dl>
    </AdminPanel>
  );
}

// The summary is whatever the verify command recorded: show its plain values by name.
function summaryText(summary: Record<string, unknown>) {
  const parts = Object.entries(summary)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 40))
    .slice(0, 6)
    .map(([k, v]) => `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${String(v)}`);
  return parts.length > 0 ? parts.join(' · ') : 'No details recorded';
}
