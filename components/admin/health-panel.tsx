// Health as GET /api/health sees it: each dependency, in words (colour only helps).
import styles from './admin.module.css';
import { AdminPanel } from './admin-panel';

type Check = 'ok' | 'down';
type CorsState = 'ok' | 'misconfigured' | 'unknown';

const CORS_WORDS: Record<CorsState, string> = { ok: 'OK', misconfigured: 'Misconfigured', unknown: 'Unknown' };

/** `cors` only in S3 mode: whether browsers may upload to the bucket (see CorsPanel). */
export function HealthPanel({ healthy, checks, cors }: { healthy: boolean; checks: { database: Check; storage: Check }; cors?: CorsState }) {
  return (
    <AdminPanel
      id="health"
      title="Health"
      aside={
        <span className={styles.pill} data-ok={healthy}>
          {healthy ? 'All systems OK' : 'Degraded'}
        </span>
      }
    >
      <ul className={styles.checks} aria-label="Dependency checks">
        {(['database', 'storage'] as const).map((name) => (
          <li key={name} className={styles.check}>
            <span className={styles.dot} data-ok={checks[name] === 'ok'} aria-hidden="true" />
            <span className={styles.checkName}>{name === 'database' ? 'Database' : 'Storage'}</span>
            <span className={styles.checkState} data-ok={checks[name] === 'ok'}>
              {checks[name] === 'ok' ? 'OK' : 'Down'}
            </span>
          </li>
        ))}
        {cors && (
          <li className={styles.check}>
            <span className={styles.dot} data-ok={cors === 'ok'} aria-hidden="true" />
            <span className={styles.checkName}>Bucket CORS</span>
            <span className={styles.checkState} data-ok={cors === 'ok'}>
              {CORS_WORDS[cors]}
            </span>
          </li>
        )}
      </ul>
    </AdminPanel>
  );
}
