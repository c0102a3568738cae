import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { listListings } from '@/lib/listings/list-listings';

export const metadata: Metadata = { title: 'My listings' };

export default async function MyListingsPage() {
  await connection();
  const user = await requirePageUser();
  const items = await listListings(await getDb(), { userId: user.id });
  return (
    <main className="page">
      <div className="page-header">
        <h1>My listings</h1>
      </div>
      {items.length === 0 ? (
        <section className="empty" aria-labelledby="empty-title">
          <h2 id="empty-title">No listings yet</h2>
          <p>A listing is a gallery of pictures: a room, a boat, a product. Create one, drop your images in, and publish it when you are ready.</p>
        </section>
      ) : (
        <ul className="listing-list">
          {items.map((listing) => (
            <li key={listing.id}>{listing.title} <span className="badge">{listing.status}</span></li>
          ))}
        </ul>
      )}
    </main>
  );
}
