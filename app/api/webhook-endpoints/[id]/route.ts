import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { endpointParams } from '@/lib/webhooks/schemas';
import { deleteEndpoint, findEndpoint, toEndpointDto } from '@/lib/webhooks/endpoint-queries';

export const dynamic = 'force-dynamic';

// GET /api/webhook-endpoints/:id – one of the caller's endpoints, without its secret
export const GET = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = endpointParams.parse(params);
  return Response.json(toEndpointDto(await findEndpoint(await getDb(), { userId: user.id, endpointId: id })));
});

// DELETE /api/webhook-endpoints/:id – the endpoint and its delivery log; nothing more is sent
export const DELETE = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = endpointParams.parse(params);
  await deleteEndpoint(await getDb(), { userId: user.id, endpointId: id });
  return new Response(null, { status: 204 });
});
