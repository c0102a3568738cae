import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { listingParams } from '@/lib/listings/schemas';
import { cancelCheckout } from '@/lib/payments/cancel-checkout';

export const dynamic = 'force-dynamic';

// POST /api/listings/:id/cancel-checkout – close the open checkout; the listing is a draft again, every image kept
export const POST = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = listingParams.parse(params);
  return Response.json(await cancelCheckout(await getDb(), getStorage(), { userId: user.id, listingId: id }));
});
