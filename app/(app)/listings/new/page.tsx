import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { getDraftForSession } from '@/lib/listings/get-draft-for-session';
import { readUploadLimits } from '@/lib/uploads/read-upload-limits';
import { checkoutMode } from '@/lib/payments/checkout-mode';
import { NewListingEditor } from '@/components/gallery/new-listing-editor';

export const metadata: Metadata = { title: 'New listing' };

// /listings/new – a new draft listing (made by the editor on arrival; ?session= names it after)
export default async function NewListingPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  await connection();
  const user = await requirePageUser();
  const { session } = await searchParams;
  const requested = typeof session === 'string' ? session : null;
  const found = requested ? await getDraftForSession(await getDb(), getStorage(), { userId: user.id, sessionId: requested }) : null;
  // Checked out, paid or abandoned: that listing's own page says what it is.
  if (found && found.listing.status !== 'draft') redirect(`/listings/${found.listing.id}`);
  const draft = found
    ? { id: found.listing.id, title: found.listing.title, uploadSessionId: requested!, abandonAt: found.listing.abandonAt?.toISOString() ?? null }
    : null;
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>New listing</h1>
          <p className="subtitle">Add a title and your pictures. Nothing is public until you pay and publish.</p>
        </div>
      </div>
      <NewListingEditor
        draft={draft}
        sessionWasLost={requested !== null && found === null}
        initialImages={found?.images ?? []}
        limits={readUploadLimits()}
        checkoutAvailable={checkoutMode() !== 'off'}
        urlFollowsDraft
      />
    </main>
  );
}
