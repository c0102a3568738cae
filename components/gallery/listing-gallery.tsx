'use client';
// The gallery of a listing past its draft, with the open checkout's panel beside it while it
// awaits payment (a render prop cannot cross from the server page, so it is put here).
import type { ComponentProps } from 'react';
import { Gallery } from './gallery';
import { CheckoutPanel } from './checkout-panel';

export function ListingGallery({
  checkout,
  ...gallery
}: Omit<ComponentProps<typeof Gallery>, 'children'> & {
  /** Set while the listing awaits payment. */
  checkout: { listingId: string; checkoutUrl: string | null } | null;
}) {
  return <Gallery {...gallery}>{checkout ? () => <CheckoutPanel listingId={checkout.listingId} checkoutUrl={checkout.checkoutUrl} /> : undefined}</Gallery>;
}
