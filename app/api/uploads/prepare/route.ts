import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { prepareBody } from '@/lib/uploads/schemas';
import { prepareUploads } from '@/lib/uploads/prepare-uploads';

export const dynamic = 'force-dynamic';

// POST /api/uploads/prepare – check every file, create `uploading` rows, return presigned PUTs
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const input = await readJson(request, prepareBody);
  return Response.json(await prepareUploads(await getDb(), getStorage(), { userId: user.id, input }), { status: 201 });
});
