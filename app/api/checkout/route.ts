import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { checkoutBody } from '@/lib/payments/schemas';
import { startCheckout } from '@/lib/payments/start-checkout';

export const dynamic = 'force-dynamic';

// POST /api/checkout – bind an upload session to a pending listing and open its checkout
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const { uploadSessionId, title } = await readJson(request, checkoutBody);
  return Response.json(await startCheckout(await getDb(), { userId: user.id, uploadSessionId, title }), { status: 201 });
});
