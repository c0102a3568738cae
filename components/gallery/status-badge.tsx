// A listing's state in words and colour (the words carry the meaning; colour only helps).
import styles from './listings.module.css';

type ListingStatus = 'draft' | 'pending_payment' | 'published' | 'abandoned';

const LABELS: Record<ListingStatus, string> = {
  draft: 'Draft',
  pending_payment: 'Awaiting payment',
  published: 'Published',
  abandoned: 'Abandoned',
};

export function StatusBadge({ status }: { status: ListingStatus }) {
  return (
    <span className={styles.badge} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
