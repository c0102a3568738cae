// A retry by hand: the delivery is due now, with a fresh 24 h of automatic retries, whatever
// became of it (failed, delivered, or waiting for its next attempt).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import { AppError } from '@/lib/http/errors';
import { RETRY_WINDOW_HOURS } from './enqueue-event';
import { wakeDispatcher } from './wake';

export async function retryDelivery(db: Db, { userId, deliveryId }: { userId: string; deliveryId: string }) {
  const [row] = rowsOf<{ id: string; disabled: boolean; busy: boolean }>(
    await db.execute(sql`
    select d.id, e.disabled_at is not null as disabled, coalesce(d.locked_until > now(), false) as busy
    from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
    where d.id = ${deliveryId}::uuid and e.user_id = ${userId}`),
  );
  if (!row) throw new AppError('not_found', 'Delivery not found');
  if (row.disabled) throw new AppError('conflict', 'The endpoint is disabled: enable it first');
  const [updated] = rowsOf<{ id: string }>(
    await db.execute(sql`
    update webhook_deliveries set status = 'pending', next_attempt_at = now(), retry_until = now() + make_interval(hours => ${RETRY_WINDOW_HOURS}),
      updated_at = now()
    where id = ${deliveryId}::uuid and (locked_until is null or locked_until < now())
    returning id`),
  );
  if (!updated) throw new AppError('conflict', 'This delivery is being attempted right now');
  wakeDispatcher();
  return { id: deliveryId, status: 'pending' as const };
}
