// `npm run media -- verify --fix-orphans`: verify, and when out of step hand the orphans to
// the clean-up engine. The composition lives with the CLI so lib/media never depends on
// lib/cleanup: verifying only reads, and clean-up alone decides what may be deleted.
import type { DatabaseHandle } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { runCleanup, type CleanupSummary } from '@/lib/cleanup/run-cleanup';
import { verifyMedia, type VerifyOptions, type VerifyResult } from '@/lib/media/verify';

/**
 * Verify; when out of step, hand the orphans (both ways) to the clean-up engine's usual
 * 'cleanup-old' run, then verify again. What clean-up spares (objects younger than its
 * grace period, rows of published listings or payable checkouts) is still reported after.
 */
export async function verifyAndFix(
  handle: DatabaseHandle,
  storage: StorageDriver,
  options: VerifyOptions = {},
): Promise<{ before: VerifyResult; cleanup: CleanupSummary | null; after: VerifyResult | null }> {
  const before = await verifyMedia(handle.db, storage, options);
  if (before.ok) return { before, cleanup: null, after: null };
  const cleanup = await runCleanup(handle, storage, { trigger: 'cli', action: 'cleanup-old', dryRun: false });
  const after = await verifyMedia(handle.db, storage, { ...options, note: { afterCleanupRun: cleanup.runId } });
  return { before, cleanup, after };
}
