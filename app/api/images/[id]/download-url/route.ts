import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { downloadUrlQuery, imageParams, searchParamsOf } from '@/lib/images/schemas';
import { imageDownloadUrl } from '@/lib/images/image-queries';

export const dynamic = 'force-dynamic';

// GET /api/images/:id/download-url – a signed, expiring link to the original
export const GET = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ request, user, params }) => {
  const { id } = imageParams.parse(params);
  const { expiresIn } = downloadUrlQuery.parse(searchParamsOf(request));
  return Response.json(await imageDownloadUrl(await getDb(), getStorage(), { userId: user.id, imageId: id, expiresIn }));
});
