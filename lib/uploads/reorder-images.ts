// Reorders one set (a listing or an upload session) inside a transaction that locks the set,
// so concurrent reorders apply one after the other and positions stay a permutation.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { lockUploadTarget, targetImages } from './upload-target';
import type { UploadTargetRef } from './schemas';

export async function reorderImages(db: Db, { userId, target: ref, imageIds }: { userId: string; target: UploadTargetRef; imageIds: string[] }) {
  return db.transaction(async (tx) => {
    const target = await lockUploadTarget(tx, userId, ref, 'arrange');
    const current = await tx
      .select({ id: images.id })
      .from(images)
      .where(and(targetImages(target), eq(images.userId, userId)));
    const expected = new Set(current.map((r) => r.id));
    if (expected.size !== imageIds.length || imageIds.some((id) => !expected.has(id))) {
      throw new AppError('bad_request', 'imageIds must be exactly the images of that set, each once', { expected: expected.size, given: imageIds.length });
    }
    const position = sql.join([sql`case ${images.id}`, ...imageIds.map((id, i) => sql`when ${id}::uuid then ${i}::int`), sql`end`], sql` `);
    await tx.update(images).set({ position, updatedAt: new Date() }).where(inArray(images.id, imageIds));
    return { imageIds };
  });
}
