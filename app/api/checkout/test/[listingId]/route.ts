import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { testCheckoutBody, testCheckoutParams } from '@/lib/payments/schemas';
import { completeTestCheckout } from '@/lib/payments/test-checkout';

export const dynamic = 'force-dynamic';

// POST /api/checkout/test/:listingId – the local test checkout's Pay / Cancel
export const POST = route({ auth: 'user' }, async ({ request, user, params }) => {
  const { listingId } = testCheckoutParams.parse(params);
  const { outcome } = await readJson(request, testCheckoutBody);
  return Response.json(await completeTestCheckout(await getDb(), getStorage(), { userId: user.id, listingId, outcome }));
});
