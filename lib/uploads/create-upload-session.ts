import { randomBytes } from 'node:crypto';
import type { Executor } from '@/lib/db/types';
import { uploadSessions } from '@/lib/db/schema';
import { env } from '@/lib/env';

/** A temporary area for the images of a listing that does not exist yet. */
export async function createUploadSession(db: Executor, { userId }: { userId: string }) {
  const now = Date.now();
  const id = `sess_${now}_${randomBytes(10).toString('hex')}`;
  const expiresAt = new Date(now + env().TEMP_MAX_AGE_HOURS * 3600_000);
  await db.insert(uploadSessions).values({ id, userId, expiresAt });
  return { id, expiresAt };
}
