// The latest clean-up runs, whoever started them (cron, the API, the CLI or this page).
import { LocalTime } from '@/components/keys/local-time';
import { formatDuration } from './format';
import styles from './admin.module.css';
import { ScrollRegion } from '@/components/layout/scroll-region';

export interface CleanupRun {
  id: string;
  trigger: string;
  action: string;
  dryRun: boolean;
  status: string;
  found: number;
  deleted: number;
  failed: number;
  durationMs: number | null;
  startedAt: string;
}

const STATUS_LABEL: Record<string, string> = { running: 'Running', done: 'Done', failed: 'Failed', skipped: 'Skipped' };

export function CleanupHistory({ runs }: { runs: CleanupRun[] }) {
  if (runs.length === 0) return <p className={styles.none}>No clean-up has run yet.</p>;
  return (
    <ScrollRegion className={styles.tableWrap} label="Clean-up runs, scrollable">
      <table className={styles.table} aria-label="Clean-up runs">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Trigger</th>
            <th scope="col">Action</th>
            <th scope="col">Dry run</th>
            <th scope="col">Status</th>
            <th scope="col" className={styles.num}>
              Found
            </th>
            <th scope="col" className={styles.num}>
              Deleted
            </th>
            <th scope="col" className={styles.num}>
              Failed
            </th>
            <th scope="col" className={styles.num}>
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td className={styles.nowrap}>
                <LocalTime value={run.startedAt} />
              </td>
              <td>{run.trigger}</td>
              <td className={styles.nowrap}>{run.action}</td>
              <td>{run.dryRun ? 'Yes' : 'No'}</td>
              <td>
                <span className={styles.status} data-status={run.status}>
                  {STATUS_LABEL[run.status] ?? run.status}
                </span>
              </td>
              <td className={styles.num}>{run.found}</td>
              <td className={styles.num}>{run.deleted}</td>
              <td className={styles.num} data-bad={run.failed > 0}>
                {run.failed}
              </td>
              <td className={`${styles.num} ${styles.nowrap}`}>{formatDuration(run.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
