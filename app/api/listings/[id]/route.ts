import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { listingParams, updateListingBody } from '@/lib/listings/schemas';
import { getListingWithImages, renameListing } from '@/lib/listings/listing-queries';
import { deleteListing } from '@/lib/listings/delete-listing';

export const dynamic = 'force-dynamic';

// GET /api/listings/:id – one listing with its images in gallery order
export const GET = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = listingParams.parse(params);
  return Response.json(await getListingWithImages(await getDb(), getStorage(), { userId: user.id, listingId: id }));
});

// PATCH /api/listings/:id – rename
export const PATCH = route({ auth: 'user' }, async ({ request, user, params }) => {
  const { id } = listingParams.parse(params);
  const { title } = await readJson(request, updateListingBody);
  return Response.json(await renameListing(await getDb(), { userId: user.id, listingId: id, title }));
});

// DELETE /api/listings/:id – the listing, its images and their objects (409 while a payment is pending)
export const DELETE = route({ auth: 'user' }, async ({ user, params }) => {
  const { id } = listingParams.parse(params);
  await deleteListing(await getDb(), getStorage(), { userId: user.id, listingId: id });
  return new Response(null, { status: 204 });
});
