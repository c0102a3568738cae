import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { getUsage } from '@/lib/usage/get-usage';

export const dynamic = 'force-dynamic';

// GET /api/usage – bytes the caller stores (originals + thumbnails) against their quota
export const GET = route({ auth: 'apiKeyOrUser' }, async ({ user }) => {
  return Response.json(await getUsage(await getDb(), { userId: user.id }));
});
