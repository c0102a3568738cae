import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { checkoutBody } from '@/lib/payments/schemas';
import { startCheckout } from '@/lib/payments/start-checkout';

export const dynamic = 'force-dynamic';

// POST /api/checkout – a draft listing (an upload session's or a named one) goes to its one open checkout
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const input = await readJson(request, checkoutBody);
  return Response.json(await startCheckout(await getDb(), { userId: user.id, input }), { status: 201 });
});
