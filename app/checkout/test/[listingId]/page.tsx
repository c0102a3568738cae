import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/http/errors';
import { findTestCheckout } from '@/lib/payments/test-checkout';
import { TestCheckoutForm } from '@/components/checkout/test-checkout-form';

export const metadata: Metadata = { title: 'Test checkout' };

const CLOSED: Record<string, string> = {
  draft: 'This checkout was cancelled; the listing is a draft again.',
  published: 'This checkout is paid; the listing is published.',
  abandoned: 'This checkout is closed; the draft was abandoned.',
};

// /checkout/test/:listingId – the local test checkout (no STRIPE_SECRET_KEY; embedded mode or ALLOW_TEST_CHECKOUT)
export default async function TestCheckoutPage({ params }: { params: Promise<{ listingId: string }> }) {
  await connection();
  const user = await requirePageUser();
  const { listingId } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(listingId)) notFound();
  const checkout = await findTestCheckout(await getDb(), { userId: user.id, listingId }).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const price = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(checkout.priceCents / 100);
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <p className="test-banner">Test mode: no real payment is taken.</p>
        <h1>Checkout</h1>
        <dl className="checkout-summary">
          <dt>Listing</dt>
          <dd>{checkout.title}</dd>
          <dt>Total</dt>
          <dd>{price}</dd>
        </dl>
        {checkout.status === 'pending_payment' ? (
          <TestCheckoutForm listingId={checkout.id} />
        ) : (
          <p>
            {CLOSED[checkout.status] ?? 'This checkout is closed.'} <a href={`/listings/${checkout.id}`}>Go to the listing</a>
          </p>
        )}
      </div>
    </main>
  );
}
