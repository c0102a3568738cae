// The branded "not found" page: what a visitor sees for a missing or unpublished listing (its
// existence is never revealed) and for any unknown address.
import Link from 'next/link';

export function NotFoundView({ title, text }: { title: string; text: string }) {
  return (
    <main className="page not-found">
      <header className="public-header">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          imagedock
        </Link>
      </header>
      <section className="empty" aria-labelledby="not-found-title">
        <h1 id="not-found-title">{title}</h1>
        <p>{text}</p>
        <p>
          <Link href="/" className="button">
            Go to imagedock
          </Link>
        </p>
      </section>
    </main>
  );
}
