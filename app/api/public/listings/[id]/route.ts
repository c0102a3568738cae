import { route } from '@/lib/http/route';
import { AppError } from '@/lib/http/errors';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { listingParams } from '@/lib/listings/schemas';
import { getPublicListing } from '@/lib/listings/public-listing';

export const dynamic = 'force-dynamic';

// GET /api/public/listings/:id – a published listing, for anyone; 404 for anything else
export const GET = route({ auth: 'none' }, async ({ params }) => {
  const parsed = listingParams.safeParse(params);
  // A malformed id names no listing: 404, like any other that is not published.
  if (!parsed.success) throw new AppError('not_found', 'Listing not found');
  // The page's link-preview image is the page's business: the answer keeps to SPEC's fields.
  const { ogImage: _pagesOnly, ...listing } = await getPublicListing(await getDb(), getStorage(), { listingId: parsed.data.id });
  return Response.json(listing, { headers: { 'cache-control': 'private, max-age=60' } });
});
