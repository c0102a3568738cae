import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { endpointParams } from '@/lib/webhooks/schemas';
import { rotateSecret } from '@/lib/webhooks/rotate-secret';

export const dynamic = 'force-dynamic';

// POST /api/webhook-endpoints/:id/rotate-secret – a new secret, shown once; the old one signs too for 24 h
export const POST = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = endpointParams.parse(params);
  return Response.json(await rotateSecret(await getDb(), { userId: user.id, endpointId: id }));
});
