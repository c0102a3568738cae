// Refuses new bytes that would take a user past USER_STORAGE_QUOTA_MB (413 quota_exceeded).
import { eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/types';
import { users } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { getUsage } from './get-usage';

/**
 * Inside a transaction, `lock` takes the user's row first, so two prepares of one user are
 * decided one after the other and cannot both squeeze under the quota.
 */
export async function assertWithinQuota(db: Executor, { userId, addBytes, lock = false }: { userId: string; addBytes: number; lock?: boolean }) {
  if (lock) await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  const { usedBytes, quotaBytes } = await getUsage(db, { userId });
  if (usedBytes + addBytes > quotaBytes) {
    throw new AppError('quota_exceeded', `Storage quota exceeded: ${usedBytes} of ${quotaBytes} bytes used, ${addBytes} more asked`, { usedBytes, quotaBytes });
  }
}
