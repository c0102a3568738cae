import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDatabase } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { cleanupBody } from '@/lib/cleanup/schemas';
import { listTempImages } from '@/lib/cleanup/list-temp-images';
import { handleCleanupRequest } from '@/lib/cleanup/handle-cleanup-request';

export const dynamic = 'force-dynamic';
export const maxDuration = 300;

// GET /api/cleanup/temp-images – what sits in the temp area (admins or the cron secret)
export const GET = route({ auth: 'adminOrCron' }, async () => {
  return Response.json(await listTempImages(getStorage()));
});

// POST /api/cleanup/temp-images – list, cleanup-old, delete-session or delete-all
export const POST = route({ auth: 'adminOrCron' }, async ({ request, user }) => {
  const body = await readJson(request, cleanupBody);
  return Response.json(await handleCleanupRequest(await getDatabase(), getStorage(), body, user ? 'admin' : 'api'));
});
