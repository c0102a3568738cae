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
import { checkoutMode } from '@/lib/payments/checkout-mode';
import { ListingGallery } from '@/components/gallery/listing-gallery';
import { StatusBadge } from '@/components/gallery/status-badge';
import { NewListingEditor } from '@/components/gallery/new-listing-editor';
import { DeleteListing } from '@/components/gallery/delete-listing';
import { ListingTitleField } from '@/components/gallery/listing-title-field';
import { ListingLive } from '@/components/gallery/listing-live';

type Props = { params: Promise<{ id: string }> };

// Metadata and the page read the same listing: once per request.
const load = cache(async (listingId: string) => {
  await connection();
  const user = await requirePageUser();
  return getListingPage(await getDb(), getStorage(), { userId: user.id, listingId });
});

const displayTitle = (title: string) => title.trim() || 'Untitled listing';

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await load((await params).id);
  return { title: page ? displayTitle(page.listing.title) : 'Listing not found' };
}

const LOCKED_REASON: Record<string, string> = {
  pending_payment: 'This listing is waiting for payment; cancel the checkout to add images.',
  abandoned: 'This draft was abandoned after going untouched; its images were cleaned up.',
};

// /listings/:id – a draft resumes in its editor; otherwise the listing's gallery and state
export default async function ListingPage({ params }: Props) {
  const page = await load((await params).id);
  if (!page) notFound();
  const { listing } = page;
  const header = (
    <div className="page-header">
      <div>
        <p className="subtitle">
          <Link href="/">My listings</Link>
        </p>
        <h1>{displayTitle(listing.title)}</h1>
        <StatusBadge status={listing.status} />
      </div>
      {listing.status === 'published' && (
        <Link href={`/p/${listing.id}`} className="button secondary">
          View public page
        </Link>
      )}
    </div>
  );
  if (listing.status === 'draft') {
    const draft = { id: listing.id, title: listing.title, uploadSessionId: listing.uploadSessionId!, abandonAt: listing.abandonAt?.toISOString() ?? null };
    return (
      <main className="page">
        {header}
        <NewListingEditor
          draft={draft}
          initialImages={page.images}
          limits={readUploadLimits()}
          checkoutAvailable={checkoutMode() !== 'off'}
          urlFollowsDraft={false}
        />
      </main>
    );
  }
  const pending = listing.status === 'pending_payment';
  return (
    <main className="page">
      {header}
      {listing.status === 'published' && <ListingLive listingId={listing.id} title={listing.title} />}
      <ListingTitleField listingId={listing.id} initialTitle={listing.title} allowEmpty={false} />
      <ListingGallery
        target={page.target}
        initialImages={page.images}
        limits={readUploadLimits()}
        uploadsDisabledReason={LOCKED_REASON[listing.status] ?? null}
        checkout={pending ? { listingId: listing.id, checkoutUrl: listing.checkoutUrl } : null}
      />
      <DeleteListing
        listingId={listing.id}
        title={listing.title}
        imageCount={page.images.filter((i) => i.status !== 'error').length}
        pendingPayment={pending}
      />
    </main>
  );
}
