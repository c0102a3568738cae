import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { keyParams } from '@/lib/api-keys/schemas';
import { revokeApiKey } from '@/lib/api-keys/api-keys';

export const dynamic = 'force-dynamic';

// DELETE /api/keys/:id – revoke one of the caller's keys; it stops working at once
export const DELETE = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = keyParams.parse(params);
  await revokeApiKey(await getDb(), { userId: user.id, keyId: id });
  return new Response(null, { status: 204 });
});
