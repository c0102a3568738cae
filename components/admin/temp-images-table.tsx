// What sits in the temp area now, oldest first (GET /api/cleanup/temp-images's view).
import { formatBytes } from '@/lib/format-bytes';
import { formatAge, plural } from './format';
import styles from './admin.module.css';
import { ScrollRegion } from '@/components/layout/scroll-region';

interface TempImage {
  key: string;
  uploadSessionId: string | null;
  ageHours: number;
  size: number;
}

export function TempImagesTable({ images, total }: { images: TempImage[]; total: number }) {
  if (images.length === 0) return <p className={styles.none}>The temp area is empty.</p>;
  return (
    <>
      <p className={styles.caption}>
        {plural(total, 'image')} waiting in upload sessions{total > images.length ? `; the oldest ${images.length.toLocaleString('en')} are shown` : ''}.
      </p>
      <ScrollRegion className={styles.tableWrap} label="Temp images, scrollable">
        <table className={styles.table} aria-label="Temp images">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Session</th>
              <th scope="col" className={styles.num}>
                Age
              </th>
              <th scope="col" className={styles.num}>
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {images.map((image) => (
              <tr key={image.key}>
                <td>
                  <code className={styles.key} title={image.key}>
                    {image.key.split('/').pop()}
                  </code>
                </td>
                <td>
                  <code className={styles.key}>{image.uploadSessionId ?? '—'}</code>
                </td>
                <td className={styles.num}>{formatAge(image.ageHours)}</td>
                <td className={styles.num}>{formatBytes(image.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
