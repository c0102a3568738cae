// The admin page's clean-up history: the latest runs first, whatever their trigger.
import { desc } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { cleanupRuns } from '@/lib/db/schema';

export async function listCleanupRuns(db: Db, { limit }: { limit: number }) {
  return db
    .select({
      id: cleanupRuns.id,
      trigger: cleanupRuns.trigger,
      action: cleanupRuns.action,
      dryRun: cleanupRuns.dryRun,
      status: cleanupRuns.status,
      found: cleanupRuns.found,
      deleted: cleanupRuns.deleted,
      failed: cleanupRuns.failed,
      durationMs: cleanupRuns.durationMs,
      startedAt: cleanupRuns.startedAt,
    })
    .from(cleanupRuns)
    .orderBy(desc(cleanupRuns.startedAt), desc(cleanupRuns.id))
    .limit(limit);
}
