import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, type ImageRow } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import { imageEventData } from '@/lib/webhooks/event-data';

/** Moves a generated image through its lifecycle; `deleted` hides it from lists. */
export async function updateStage(db: Db, { userId, imageId, stage }: { userId: string; imageId: string; stage: NonNullable<ImageRow['stage']> }) {
  const row = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ stage: images.stage })
      .from(images)
      .where(and(eq(images.id, imageId), eq(images.userId, userId), eq(images.source, 'generated')))
      .for('update');
    const [changed] = await tx
      .update(images)
      .set({ stage, updatedAt: new Date() })
      .where(and(eq(images.id, imageId), eq(images.userId, userId), eq(images.source, 'generated')))
      .returning();
    if (changed && before.stage !== stage) {
      await enqueueEvent(tx, { userId, type: 'generated.stage_changed', data: { ...imageEventData(changed), previousStage: before.stage } });
    }
    return changed;
  });
  if (row) return row;
  const [exists] = await db
    .select({ id: images.id })
    .from(images)
    .where(and(eq(images.id, imageId), eq(images.userId, userId)));
  throw exists ? new AppError('conflict', 'Only generated images have a stage') : new AppError('not_found', 'Image not found');
}
