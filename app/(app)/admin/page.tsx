import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { awaitsVerificationForAdmin } from '@/lib/auth/admin-rights';
import { ResendVerification } from '@/components/auth/resend-verification';
import { getDb } from '@/lib/db/client';
import { env } from '@/lib/env';
import { getStorage } from '@/lib/storage/select';
import { checkHealth } from '@/lib/health/check-health';
import { listTempImages } from '@/lib/cleanup/list-temp-images';
import { listCleanupRuns } from '@/lib/cleanup/list-runs';
import { getStorageStats } from '@/lib/media/storage-stats';
import { listTopUsage } from '@/lib/usage/list-top-usage';
import { CleanupActions } from '@/components/admin/cleanup-actions';
import { CleanupHistory } from '@/components/admin/cleanup-history';
import { CorsPanel } from '@/components/admin/cors-panel';
import { HealthPanel } from '@/components/admin/health-panel';
import { StoragePanel } from '@/components/admin/storage-panel';
import { TempImagesTable } from '@/components/admin/temp-images-table';
import { UsageTable } from '@/components/admin/usage-table';
import styles from '@/components/admin/admin.module.css';
import { listTroubledEndpoints } from '@/lib/webhooks/list-troubled-endpoints';
import { TroubledEndpoints } from '@/components/webhooks/troubled-endpoints';
import { AdminPanel } from '@/components/admin/admin-panel';

export const metadata: Metadata = { title: 'Admin' };

const HISTORY_ROWS = 20;
const TOP_USERS = 10;

export default async function AdminPage() {
  await connection();
  const user = await requirePageUser();
  // A listed admin address becomes an admin once verified: say so, and offer the link again.
  if (awaitsVerificationForAdmin(user)) return <VerifyToAdminister email={user.email} />;
  // Others get the same 404 as any unknown page: the admin area is not advertised.
  if (!user.isAdmin) notFound();
  const db = await getDb();
  const [health, temp, runs, stats, usage, troubled] = await Promise.all([
    checkHealth(),
    listTempImages(getStorage()),
    listCleanupRuns(db, { limit: HISTORY_ROWS }),
    getStorageStats(db),
    listTopUsage(db, { limit: TOP_USERS }),
    listTroubledEndpoints(db, { limit: HISTORY_ROWS }),
  ]);
  const check = (c: { finishedAt: Date; summary: Record<string, unknown> } | null) => c && { finishedAt: c.finishedAt.toISOString(), summary: c.summary };
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Admin</h1>
          <p className="subtitle">Service health, what is stored, and clean-up of abandoned uploads.</p>
        </div>
      </div>
      <div className={styles.top}>
        <HealthPanel healthy={health.healthy} checks={health.body.checks} cors={health.cors?.state} />
        <StoragePanel
          images={stats.images}
          listings={stats.listings}
          bytes={stats.bytes}
          lastVerify={check(stats.lastVerify)}
          lastSnapshot={check(stats.lastSnapshot)}
          now={Date.now()}
        />
      </div>
      {health.cors && health.cors.state !== 'ok' && <CorsPanel bucket={env().S3_BUCKET ?? ''} problems={health.cors.problems} rule={health.cors.rule} />}
      <AdminPanel id="usage" title="Storage by user" aside={<span className={styles.caption}>Top {TOP_USERS}, originals + thumbnails</span>}>
        <UsageTable users={usage.users} quotaBytes={usage.quotaBytes} />
      </AdminPanel>
      <AdminPanel id="temp" title="Temp images">
        <CleanupActions thresholdHours={env().TEMP_MAX_AGE_HOURS} />
        <TempImagesTable images={temp.images} total={temp.total} />
      </AdminPanel>
      <AdminPanel id="history" title="Clean-up history" aside={<span className={styles.caption}>Last {HISTORY_ROWS} runs</span>}>
        <CleanupHistory runs={runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() }))} />
      </AdminPanel>
      <AdminPanel id="webhooks" title="Failing webhook endpoints">
        <TroubledEndpoints endpoints={troubled} />
      </AdminPanel>
    </main>
  );
}

function VerifyToAdminister({ email }: { email: string }) {
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Verify your address first</h1>
          <p className="subtitle">{email} is an admin address, but it is not verified yet. Follow the link we mailed to it; then this page opens.</p>
        </div>
      </div>
      <div style={{ maxWidth: 420 }}>
        <ResendVerification email={email} />
      </div>
    </main>
  );
}
