import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { reorderBody } from '@/lib/uploads/schemas';
import { reorderImages } from '@/lib/uploads/reorder-images';

export const dynamic = 'force-dynamic';

// POST /api/images/reorder – set the gallery order of one listing or upload session
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const { imageIds, ...target } = await readJson(request, reorderBody);
  return Response.json(await reorderImages(await getDb(), { userId: user.id, target, imageIds }));
});
