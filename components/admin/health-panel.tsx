// Health as GET /api/health sees it: each dependency, in words (colour only helps).
import styles from './admin.module.css';

type Check = 'ok' | 'down';

export function HealthPanel({ healthy, checks }: { healthy: boolean; checks: { database: Check; storage: Check } }) {
  return (
    <section className={styles.panel} aria-labelledby="health-title">
      <div className={styles.panelHead}>
        <h2 id="health-title" className={styles.panelTitle}>Health</h2>
        <span className={styles.pill} data-ok={healthy}>{healthy ? 'All systems OK' : 'Degraded'}</span>
      </div>
      <ul className={styles.checks} aria-label="Dependency checks">
        {(['database', 'storage'] as const).map((name) => (
          <li key={name} className={styles.check}>
            <span className={styles.dot} data-ok={checks[name] === 'ok'} aria-hidden="true" />
            <span className={styles.checkName}>{name === 'database' ? 'Database' : 'Storage'}</span>
            <span className={styles.checkState} data-ok={checks[name] === 'ok'}>{checks[name] === 'ok' ? 'OK' : 'Down'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
