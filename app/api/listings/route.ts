import { route } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { createListingBody } from '@/lib/listings/schemas';
import { createListing } from '@/lib/listings/create-listing';
import { listListings } from '@/lib/listings/list-listings';

export const dynamic = 'force-dynamic';

// POST /api/listings – a draft listing with its upload session (the title may stay empty while a draft)
export const POST = route({ auth: 'user' }, async ({ request, user }) => {
  const { title } = await readJson(request, createListingBody);
  return Response.json(await createListing(await getDb(), { userId: user.id, title }), { status: 201 });
});

// GET /api/listings – the caller's listings, drafts first, each with its cover, count and abandonAt
export const GET = route({ auth: 'user' }, async ({ user }) => {
  return Response.json({ items: await listListings(await getDb(), { userId: user.id }) });
});
