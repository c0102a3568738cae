// What every "not found" page says: a title, why, and one way back (`back` names where to).
import Link from 'next/link';

export function NotFoundMessage({ title, text, back }: { title: string; text: string; back: string }) {
  return (
    <section className="empty" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{title}</h1>
      <p>{text}</p>
      <p>
        <Link href="/" className="button">
          {back}
        </Link>
      </p>
    </section>
  );
}
