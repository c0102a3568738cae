// One listing on "My listings": cover, title, state, image count and, for a draft, when it is
// abandoned if nobody touches it; the whole card opens it (a draft opens in its editor).
import Link from 'next/link';
import type { ListingCard as Card } from '@/lib/listings/list-listing-cards';
import { LocalTime } from '@/components/keys/local-time';
import { ImageIcon } from './icons';
import { StatusBadge } from './status-badge';
import { Thumbnail } from './thumbnail';
import styles from './listings.module.css';

export function ListingCard({ listing }: { listing: Card }) {
  const count = `${listing.imageCount} ${listing.imageCount === 1 ? 'image' : 'images'}`;
  return (
    <li className={styles.card}>
      <div className={styles.cover}>
        {listing.coverUrl ? (
          <Thumbnail src={listing.coverUrl} placeholder={listing.coverPlaceholder} />
        ) : (
          <span className={styles.noCover}>
            <ImageIcon />
          </span>
        )}
      </div>
      <div className={styles.cardBody}>
        <h2 className={styles.cardTitle}>
          {/* The link covers the whole card (see .cardLink::after) yet reads as the title. */}
          <Link href={`/listings/${listing.id}`} className={styles.cardLink}>
            {listing.title.trim() || 'Untitled listing'}
          </Link>
        </h2>
        <div className={styles.cardMeta}>
          <StatusBadge status={listing.status} />
          <span>{count}</span>
        </div>
        {listing.abandonAt && (
          <p className={styles.cardNote}>
            Abandoned on <LocalTime value={listing.abandonAt.toISOString()} /> if untouched
          </p>
        )}
      </div>
    </li>
  );
}
