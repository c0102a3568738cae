// POST /api/checkout's work: a draft listing (the session's, made now if it has none, or the
// one named) becomes `pending_payment` with one open checkout: real Stripe Checkout with
// STRIPE_SECRET_KEY, else the app's own test checkout page. A second call while it is open
// returns that same checkout.
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/lib/db/client';
import { images, listings, uploadSessions, type ListingRow } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { absoluteLink } from '@/lib/origin/request-origin';
import { createUploadSession } from '@/lib/uploads/create-upload-session';
import { findListing, listingImages } from '@/lib/listings/listing-queries';
import { LOCAL_CHECKOUT_PREFIX, checkoutMode } from './checkout-mode';
import { createStripeCheckout } from './stripe-checkout';
import type { CheckoutInput } from './schemas';

export async function startCheckout(db: Db, { userId, input }: { userId: string; input: CheckoutInput }) {
  const mode = checkoutMode();
  if (mode === 'off') {
    throw new AppError(
      'unavailable',
      'Payments are not configured here: set STRIPE_SECRET_KEY (or ALLOW_TEST_CHECKOUT=true for the free test checkout on a staging deployment)',
    );
  }
  // One transaction holding the listing's lock while the checkout is opened, so two calls at
  // once open one checkout, and a failure to open it leaves the draft as it was.
  return db.transaction(async (tx) => {
    const listing =
      'listingId' in input ? await lockNamedListing(tx, userId, input.listingId) : await lockSessionListing(tx, userId, input.uploadSessionId, input.title);
    if (listing.status === 'pending_payment' && listing.checkoutUrl) return { listingId: listing.id, checkoutUrl: absoluteLink(listing.checkoutUrl) };
    if (listing.status !== 'draft') throw new AppError('conflict', `This listing is ${listing.status.replace('_', ' ')}, not a draft`);
    if (listing.title.trim() === '') throw new AppError('conflict', 'Give the listing a title before checking out');
    const [{ uploaded }] = await tx
      .select({ uploaded: count() })
      .from(images)
      .where(and(listingImages(listing), eq(images.status, 'uploaded')));
    if (uploaded === 0) throw new AppError('conflict', 'Upload at least one image before checking out');
    const uploadSessionId = listing.uploadSessionId ?? (await bindNewSession(tx, listing));
    const checkout =
      mode === 'stripe'
        ? await createStripeCheckout({ listingId: listing.id, uploadSessionId, title: listing.title })
        : // Kept as a path: the person may come back to it at another of this machine's addresses.
          { id: `${LOCAL_CHECKOUT_PREFIX}${randomBytes(12).toString('hex')}`, url: `/checkout/test/${listing.id}` };
    await tx
      .update(listings)
      .set({ status: 'pending_payment', checkoutSessionId: checkout.id, checkoutUrl: checkout.url, updatedAt: new Date() })
      .where(eq(listings.id, listing.id));
    return { listingId: listing.id, checkoutUrl: absoluteLink(checkout.url) };
  });
}

// Sessions are locked before listings everywhere (uploads do the same), so no two
// transactions wait on each other.
async function lockSessionListing(tx: Tx, userId: string, uploadSessionId: string, title: string): Promise<ListingRow> {
  const [session] = await tx
    .select()
    .from(uploadSessions)
    .where(and(eq(uploadSessions.id, uploadSessionId), eq(uploadSessions.userId, userId)))
    .for('update');
  if (!session) throw new AppError('not_found', 'Upload session not found');
  if (session.promotedAt || session.releasedAt) throw new AppError('conflict', 'This upload session is already checked out');
  if (!session.listingId) {
    const [created] = await tx.insert(listings).values({ userId, title, status: 'draft', uploadSessionId }).returning();
    await tx.update(uploadSessions).set({ listingId: created.id, updatedAt: new Date() }).where(eq(uploadSessions.id, uploadSessionId));
    return created;
  }
  const listing = await findListing(tx, { userId, listingId: session.listingId }, true);
  if (listing.status !== 'draft' || listing.title === title) return listing;
  const [renamed] = await tx.update(listings).set({ title, updatedAt: new Date() }).where(eq(listings.id, listing.id)).returning();
  return renamed;
}

async function lockNamedListing(tx: Tx, userId: string, listingId: string): Promise<ListingRow> {
  const found = await findListing(tx, { userId, listingId });
  if (found.uploadSessionId) await tx.select({ id: uploadSessions.id }).from(uploadSessions).where(eq(uploadSessions.id, found.uploadSessionId)).for('update');
  return findListing(tx, { userId, listingId }, true);
}

// A listing made before drafts had sessions (its images under listings/<id>/ already): the
// provider's metadata names a session, so it gets an empty one.
async function bindNewSession(tx: Tx, listing: ListingRow) {
  const session = await createUploadSession(tx, { userId: listing.userId });
  await tx.update(uploadSessions).set({ listingId: listing.id }).where(eq(uploadSessions.id, session.id));
  await tx.update(listings).set({ uploadSessionId: session.id }).where(eq(listings.id, listing.id));
  return session.id;
}
