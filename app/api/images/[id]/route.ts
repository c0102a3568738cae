import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { imageParams, updateImageBody } from '@/lib/images/schemas';
import { deleteImage, findImage, updateImage } from '@/lib/images/image-queries';
import { toImageDto } from '@/lib/images/image-dto';

export const dynamic = 'force-dynamic';

// GET /api/images/:id – one of the caller's images
export const GET = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ user, params }) => {
  const { id } = imageParams.parse(params);
  return Response.json(await toImageDto(getStorage(), await findImage(await getDb(), { userId: user.id, imageId: id })));
});

// PATCH /api/images/:id – change the caption and/or the focal point
export const PATCH = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ request, user, params }) => {
  const { id } = imageParams.parse(params);
  const changes = await readJson(request, updateImageBody);
  return Response.json(await toImageDto(getStorage(), await updateImage(await getDb(), { userId: user.id, imageId: id, ...changes })));
});

// DELETE /api/images/:id – delete an image, its original, its thumbnail and its variants
export const DELETE = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ user, params }) => {
  const { id } = imageParams.parse(params);
  await deleteImage(await getDb(), getStorage(), { userId: user.id, imageId: id });
  return new Response(null, { status: 204 });
});
