import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { endpointParams } from '@/lib/webhooks/schemas';
import { sendTestEvent } from '@/lib/webhooks/send-test-event';

export const dynamic = 'force-dynamic';

// POST /api/webhook-endpoints/:id/test – queue a `webhook.test` event for this endpoint
export const POST = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = endpointParams.parse(params);
  return Response.json(await sendTestEvent(await getDb(), { userId: user.id, endpointId: id }), { status: 202 });
});
