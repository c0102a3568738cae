import { route } from '@/lib/http/route';
import { getDatabase } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { serveVariant } from '@/lib/variants/serve-variant';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// GET /api/i/:imageId/:preset – a signed preset variant (lib/variants/serve-variant.ts)
export const GET = route({ auth: 'none' }, async ({ request, params }) =>
  serveVariant(await getDatabase(), getStorage(), { imageId: String(params.imageId), preset: String(params.preset), request }),
);
