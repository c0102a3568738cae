import { route } from '@/lib/http/route';
import { metrics } from '@/lib/metrics/metrics';

export const dynamic = 'force-dynamic';

// GET /api/metrics – Prometheus text format (admins or the cron secret)
export const GET = route({ auth: 'adminOrCron' }, async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
