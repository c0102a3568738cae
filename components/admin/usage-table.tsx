// Who stores the most against the per-user quota (USER_STORAGE_QUOTA_MB).
import { formatBytes } from '@/lib/format-bytes';
import styles from './admin.module.css';
import { ScrollRegion } from '@/components/layout/scroll-region';

interface UserUsage {
  userId: string;
  email: string;
  usedBytes: number;
  images: number;
}

export function UsageTable({ users, quotaBytes }: { users: UserUsage[]; quotaBytes: number }) {
  if (users.length === 0) return <p className={styles.none}>Nobody stores anything yet.</p>;
  return (
    <ScrollRegion className={styles.tableWrap} label="Storage by user, scrollable">
      <table className={styles.table} aria-label="Storage by user">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col" className={styles.num}>
              Images
            </th>
            <th scope="col" className={styles.num}>
              Stored
            </th>
            <th scope="col" className={styles.num}>
              Of quota
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.userId}>
              <td>{u.email}</td>
              <td className={styles.num}>{u.images.toLocaleString('en')}</td>
              <td className={styles.num}>{formatBytes(u.usedBytes)}</td>
              <td className={styles.num}>{Math.round((u.usedBytes / quotaBytes) * 100)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
