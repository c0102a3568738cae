import { NotFoundMessage } from '@/components/layout/not-found-message';

// Also what someone else's listing looks like: its existence is never revealed.
export default function ListingNotFound() {
  return (
    <main className="page">
      <NotFoundMessage title="Listing not found" text="This listing does not exist, or it is not yours." back="Back to my listings" />
    </main>
  );
}
