import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { createKeyBody } from '@/lib/api-keys/schemas';
import { createApiKey, listApiKeys } from '@/lib/api-keys/api-keys';

export const dynamic = 'force-dynamic';

// POST /api/keys – create an API key for the caller; the secret is shown only here
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const { name } = await readJson(request, createKeyBody);
  return Response.json(await createApiKey({ userId: user.id, name }), { status: 201 });
});

// GET /api/keys – the caller's keys, never the secret
export const GET = route({ auth: 'user' }, async ({ user }) => {
  return Response.json(await listApiKeys(await getDb(), { userId: user.id }));
});
