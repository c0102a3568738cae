import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { confirmBody } from '@/lib/uploads/schemas';
import { confirmUploads } from '@/lib/uploads/confirm-upload';

export const dynamic = 'force-dynamic';

// POST /api/uploads/confirm – verify what arrived, make thumbnails, mark uploaded or error
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const { imageIds } = await readJson(request, confirmBody);
  return Response.json(await confirmUploads(await getDb(), getStorage(), { userId: user.id, imageIds }));
});
