import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { getSessionGallery } from '@/lib/uploads/get-session-gallery';
import { readUploadLimits } from '@/lib/uploads/read-upload-limits';
import { NewListingEditor } from '@/components/gallery/new-listing-editor';

export const metadata: Metadata = { title: 'New listing' };

// "Pay & publish" opens checkout (POST /api/checkout); the flag lets a deployment hide it.
const CHECKOUT_AVAILABLE = true;

export default async function NewListingPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  await connection();
  const user = await requirePageUser();
  const { session } = await searchParams;
  const requested = typeof session === 'string' ? session : null;
  const gallery = requested ? await getSessionGallery(await getDb(), getStorage(), { userId: user.id, sessionId: requested }) : null;
  // A session already checked out belongs to its listing now.
  if (gallery?.listingId) redirect(`/listings/${gallery.listingId}`);
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>New listing</h1>
          <p className="subtitle">Add a title and your pictures. Nothing is public until you pay and publish.</p>
        </div>
      </div>
      <NewListingEditor
        sessionId={gallery?.id ?? null}
        sessionWasLost={requested !== null && gallery === null}
        initialImages={gallery?.images ?? []}
        limits={readUploadLimits()}
        checkoutAvailable={CHECKOUT_AVAILABLE}
      />
    </main>
  );
}
