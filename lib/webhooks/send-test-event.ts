import type { Db } from '@/lib/db/client';
import { AppError } from '@/lib/http/errors';
import { enqueueEvent } from './enqueue-event';
import { findEndpoint } from './endpoint-queries';
import { TEST_EVENT_TYPE } from './schemas';

/** A `webhook.test` event to one endpoint, delivered like any other. */
export async function sendTestEvent(db: Db, ref: { userId: string; endpointId: string }) {
  const endpoint = await findEndpoint(db, ref);
  if (endpoint.disabledAt) throw new AppError('conflict', 'The endpoint is disabled: enable it first');
  await enqueueEvent(db, {
    userId: ref.userId,
    type: TEST_EVENT_TYPE,
    endpointId: endpoint.id,
    data: { message: 'A test event from imagedock', endpointId: endpoint.id },
  });
  return { sent: true };
}
