import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { imageParams } from '@/lib/images/schemas';
import { toImageDto } from '@/lib/images/image-dto';
import { stageBody } from '@/lib/generated/schemas';
import { updateStage } from '@/lib/generated/update-stage';

export const dynamic = 'force-dynamic';

// PATCH /api/images/:id/stage – move a generated image to printed, ordered or deleted
export const PATCH = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ request, user, params }) => {
  const { id } = imageParams.parse(params);
  const { stage } = await readJson(request, stageBody);
  return Response.json(await toImageDto(getStorage(), await updateStage(await getDb(), { userId: user.id, imageId: id, stage })));
});
