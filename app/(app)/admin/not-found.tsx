import Link from 'next/link';

// What non-admins see at /admin: the same as any page that does not exist.
export default function AdminNotFound() {
  return (
    <main className="page">
      <section className="empty" aria-labelledby="not-found-title">
        <h1 id="not-found-title">Page not found</h1>
        <p>There is nothing at this address.</p>
        <p>
          <Link href="/" className="button">
            Back to my listings
          </Link>
        </p>
      </section>
    </main>
  );
}
