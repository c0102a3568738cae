import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { deliveriesQuery, endpointParams } from '@/lib/webhooks/schemas';
import { listDeliveries } from '@/lib/webhooks/list-deliveries';

export const dynamic = 'force-dynamic';

// GET /api/webhook-endpoints/:id/deliveries – the endpoint's delivery log, newest first
export const GET = route({ auth: 'user' }, async ({ request, user, params }) => {
  const { id } = endpointParams.parse(params);
  const query = deliveriesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listDeliveries(await getDb(), { userId: user.id, endpointId: id, ...query }));
});
