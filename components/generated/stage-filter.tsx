// Filter tabs as links, so each filter has its own URL, works before hydration and keeps
// the back button; the current one is marked aria-current.
import Link from 'next/link';
import { STAGES, type Stage } from './generated-image';
import styles from './generated.module.css';

const FILTERS: { value: Stage | null; label: string }[] = [{ value: null, label: 'All' }, ...STAGES];

export function StageFilter({ current }: { current: Stage | null }) {
  return (
    <nav aria-label="Filter by stage" className={styles.filters}>
      <ul>
        {FILTERS.map((f) => (
          <li key={f.label}>
            <Link
              href={f.value ? `/generated?stage=${f.value}` : '/generated'}
              className={styles.filter}
              aria-current={f.value === current ? 'page' : undefined}
            >
              {f.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
