// Shown on /admin when the bucket's CORS would stop browsers uploading: what is wrong, and
// the exact PutBucketCors configuration to apply (copyable as it stands).
import styles from './admin.module.css';
import { AdminPanel } from './admin-panel';

export function CorsPanel({ bucket, problems, rule }: { bucket: string; problems: string[]; rule: unknown }) {
  const json = JSON.stringify(rule, null, 2);
  return (
    <AdminPanel
      id="cors"
      title="Bucket CORS"
      aside={
        <span className={styles.pill} data-ok="false">
          Browser uploads will fail
        </span>
      }
    >
      <ul className={styles.caption}>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <p className={styles.caption}>
        Apply this CORS configuration to the bucket <strong>{bucket}</strong> (PutBucketCors), for example with{' '}
        <code>{`aws s3api put-bucket-cors --bucket ${bucket} --cors-configuration file://cors.json`}</code>:
      </p>
      <pre className={styles.code} data-config="PutBucketCors">
        {json}
      </pre>
    </AdminPanel>
  );
}
