// Binds an upload session to a new `pending_payment` listing and opens a checkout for it:
// real Stripe Checkout when STRIPE_SECRET_KEY is set, else the app's own test checkout page.
import Stripe from 'stripe';
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings, uploadSessions } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { linkOrigin, selfOrigin } from '@/lib/origin/request-origin';

export const LISTING_PRICE_CENTS = 1900;

export async function startCheckout(db: Db, { userId, uploadSessionId, title }: { userId: string; uploadSessionId: string; title: string }) {
  const listing = await db.transaction(async (tx) => {
    const [session] = await tx.select().from(uploadSessions)
      .where(and(eq(uploadSessions.id, uploadSessionId), eq(uploadSessions.userId, userId)))
      .for('update');
    if (!session) throw new AppError('not_found', 'Upload session not found');
    if (session.listingId || session.promotedAt || session.releasedAt) throw new AppError('conflict', 'This upload session is already checked out');
    const [{ uploaded }] = await tx.select({ uploaded: count() }).from(images)
      .where(and(eq(images.uploadSessionId, uploadSessionId), eq(images.status, 'uploaded')));
    if (uploaded === 0) throw new AppError('conflict', 'Upload at least one image before checking out');
    const [created] = await tx.insert(listings).values({ userId, title, status: 'pending_payment', uploadSessionId }).returning();
    await tx.update(uploadSessions).set({ listingId: created.id, updatedAt: new Date() }).where(eq(uploadSessions.id, uploadSessionId));
    return created;
  });
  const checkoutUrl = env().STRIPE_SECRET_KEY
    ? await createStripeCheckout(db, { listingId: listing.id, uploadSessionId, title })
    : `${linkOrigin() ?? ''}/checkout/test/${listing.id}`;
  return { listingId: listing.id, checkoutUrl };
}

async function createStripeCheckout(db: Db, { listingId, uploadSessionId, title }: { listingId: string; uploadSessionId: string; title: string }) {
  const { STRIPE_SECRET_KEY } = env();
  // Stripe sends the person back here, so it must be absolute.
  const APP_URL = linkOrigin() ?? selfOrigin();
  const stripe = new Stripe(STRIPE_SECRET_KEY!);
  const metadata = { listingId, uploadSessionId };
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: LISTING_PRICE_CENTS, product_data: { name: `Listing: ${title}` } } }],
    metadata,
    payment_intent_data: { metadata },
    success_url: `${APP_URL}/listings/${listingId}?paid=1`,
    cancel_url: `${APP_URL}/listings/${listingId}`,
  });
  await db.update(listings).set({ checkoutSessionId: session.id }).where(eq(listings.id, listingId));
  return session.url!;
}
