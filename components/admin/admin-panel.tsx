// One panel of /admin: a titled section (named by its heading) with an optional note or
// status beside the title.
import type { ReactNode } from 'react';
import styles from './admin.module.css';

export function AdminPanel({ id, title, aside, children }: { id: string; title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <div className={styles.panelHead}>
        <h2 id={`${id}-title`} className={styles.panelTitle}>
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
