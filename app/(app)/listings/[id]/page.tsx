import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { getListingPage } from '@/lib/listings/get-listing-page';
import { readUploadLimits } from '@/lib/uploads/read-upload-limits';
import { Gallery } from '@/components/gallery/gallery';
import { StatusBadge } from '@/components/gallery/status-badge';
import { ListingLive } from '@/components/gallery/listing-live';

type Props = { params: Promise<{ id: string }> };

// Metadata and the page read the same listing: once per request.
const load = cache(async (listingId: string) => {
  await connection();
  const user = await requirePageUser();
  return getListingPage(await getDb(), getStorage(), { userId: user.id, listingId });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await load((await params).id);
  return { title: page ? page.listing.title : 'Listing not found' };
}

export default async function ListingPage({ params }: Props) {
  const page = await load((await params).id);
  if (!page) notFound();
  const { listing } = page;
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <p className="subtitle"><Link href="/">My listings</Link></p>
          <h1>{listing.title}</h1>
          <StatusBadge status={listing.status} />
        </div>
        {listing.status === 'published' && <Link href={`/p/${listing.id}`} className="button secondary">View public page</Link>}
      </div>
      {listing.status === 'published' && <ListingLive listingId={listing.id} title={listing.title} />}
      <Gallery
        target={page.target}
        initialImages={page.images}
        limits={readUploadLimits()}
        uploadsDisabledReason={listing.status === 'pending_payment' ? 'This listing is waiting for payment; images can be added once it is paid.' : null}
      />
    </main>
  );
}
