import { route } from '@/lib/http/route';
import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

// GET /api/health – 200 when the database and storage answer, 503 naming what is down
export const GET = route({ auth: 'none' }, async () => {
  const { healthy, body } = await checkHealth();
  return Response.json(body, { status: healthy ? 200 : 503, headers: { 'cache-control': 'no-store' } });
});
