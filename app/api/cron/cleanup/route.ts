import { route } from '@/lib/http/route';
import { getDatabase } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { cronQuery } from '@/lib/cleanup/schemas';
import { runCleanup } from '@/lib/cleanup/run-cleanup';
import { searchParamsOf } from '@/lib/images/schemas';

export const dynamic = 'force-dynamic';
export const maxDuration = 300;

// GET /api/cron/cleanup – the scheduled clean-up (vercel.json), with the cron secret
export const GET = route({ auth: 'cron' }, async ({ request }) => {
  const { dryRun } = cronQuery.parse(searchParamsOf(request));
  const summary = await runCleanup(await getDatabase(), getStorage(), { trigger: 'cron', action: 'cleanup-old', dryRun: dryRun === 'true' || dryRun === '1' });
  return Response.json(summary);
});
