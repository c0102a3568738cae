import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { deliveryParams } from '@/lib/webhooks/schemas';
import { retryDelivery } from '@/lib/webhooks/retry-delivery';

export const dynamic = 'force-dynamic';

// POST /api/webhook-deliveries/:id/retry – send one of the caller's deliveries again now
export const POST = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = deliveryParams.parse(params);
  return Response.json(await retryDelivery(await getDb(), { userId: user.id, deliveryId: id }), { status: 202 });
});
