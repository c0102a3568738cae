import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { endpointParams } from '@/lib/webhooks/schemas';
import { enableEndpoint } from '@/lib/webhooks/endpoint-queries';

export const dynamic = 'force-dynamic';

// POST /api/webhook-endpoints/:id/enable – turn an endpoint disabled after repeated failure back on
export const POST = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = endpointParams.parse(params);
  return Response.json(await enableEndpoint(await getDb(), { userId: user.id, endpointId: id }));
});
