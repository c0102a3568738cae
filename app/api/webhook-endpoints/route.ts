import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { createEndpointBody } from '@/lib/webhooks/schemas';
import { createEndpoint } from '@/lib/webhooks/create-endpoint';
import { listEndpoints } from '@/lib/webhooks/endpoint-queries';

export const dynamic = 'force-dynamic';

// POST /api/webhook-endpoints – a new endpoint; its signing secret is shown only here
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const { url, events } = await readJson(request, createEndpointBody);
  return Response.json(await createEndpoint(await getDb(), { userId: user.id, isAdmin: user.isAdmin, url, events }), { status: 201 });
});

// GET /api/webhook-endpoints – the caller's endpoints, never their secrets
export const GET = route({ auth: 'user' }, async ({ user }) => {
  return Response.json(await listEndpoints(await getDb(), { userId: user.id }));
});
