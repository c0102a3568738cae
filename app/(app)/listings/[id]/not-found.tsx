import Link from 'next/link';

// Also what someone else's listing looks like: its existence is never revealed.
export default function ListingNotFound() {
  return (
    <main className="page">
      <section className="empty" aria-labelledby="not-found-title">
        <h1 id="not-found-title">Listing not found</h1>
        <p>This listing does not exist, or it is not yours.</p>
        <p>
          <Link href="/" className="button">
            Back to my listings
          </Link>
        </p>
      </section>
    </main>
  );
}
