import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { listListingCards } from '@/lib/listings/list-listing-cards';
import { ListingCard } from '@/components/gallery/listing-card';
import styles from '@/components/gallery/listings.module.css';

export const metadata: Metadata = { title: 'My listings' };

export default async function MyListingsPage() {
  await connection();
  const user = await requirePageUser();
  const listings = await listListingCards(await getDb(), getStorage(), { userId: user.id });
  return (
    <main className="page">
      <div className="page-header">
        <h1>My listings</h1>
        {listings.length > 0 && (
          <Link href="/listings/new" className="button">
            New listing
          </Link>
        )}
      </div>
      {listings.length === 0 ? (
        <section className="empty" aria-labelledby="empty-title">
          <h2 id="empty-title">No listings yet</h2>
          <p>
            A listing is a gallery of pictures: a room, a boat, a product. Start one, drop your images in, put them in order, caption them, and publish when you
            are ready.
          </p>
          <p>
            <Link href="/listings/new" className="button">
              New listing
            </Link>
          </p>
        </section>
      ) : (
        <ul className={styles.cards} aria-label="Listings">
          {listings.map((listing) => (
            <ListingCard key={listing.id} listing={listing} />
          ))}
        </ul>
      )}
    </main>
  );
}
