import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { listImagesQuery, searchParamsOf } from '@/lib/images/schemas';
import { listImages } from '@/lib/images/list-images';

export const dynamic = 'force-dynamic';

// GET /api/images – the caller's images, filtered, in gallery order, one page at a time
export const GET = route({ auth: 'apiKeyOrUser' }, async ({ request, user }) => {
  const query = listImagesQuery.parse(searchParamsOf(request));
  return Response.json(await listImages(await getDb(), getStorage(), { userId: user.id, query }));
});
