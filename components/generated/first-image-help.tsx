// The empty state: how a service posts its first image, ready to paste into a terminal.
import Link from 'next/link';
import { CopyButton } from '@/components/keys/copy-button';
import styles from './generated.module.css';

export function FirstImageHelp({ appUrl }: { appUrl: string }) {
  const command = [
    `curl -X POST ${appUrl}/api/images \\`,
    `  -H "Authorization: Bearer $IMAGEDOCK_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "Idempotency-Key: $(uuidgen)" \\`,
    `  -d "{\\"prompt\\": \\"A lighthouse at dusk\\", \\"imageData\\": \\"$(base64 < image.png | tr -d '\\n')\\"}"`,
  ].join('\n');
  return (
    <section className={styles.help} aria-labelledby="first-image-title">
      <h2 id="first-image-title">No generated images yet</h2>
      <p>
        Services post the PNGs they generate here with an API key. <Link href="/settings/keys">Create an API key</Link>, put it in <code>IMAGEDOCK_KEY</code>,
        then send your first image:
      </p>
      <div className={styles.codeBlock}>
        {/* biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling <pre> is the named region, focusable so it scrolls from the keyboard */}
        <pre role="region" tabIndex={0} aria-label="Example request">
          <code>{command}</code>
        </pre>
        <CopyButton text={command} label="Copy command" className={`button secondary ${styles.codeCopy}`} />
      </div>
      <ul className={styles.helpNotes}>
        <li>
          <code>imageData</code> is the PNG as base64 (up to 10 MB); <code>metadata</code> is an optional JSON object kept with it.
        </li>
        <li>
          Send an <code>Idempotency-Key</code> header (any unique string) so a retried request never stores the image twice.
        </li>
        <li>
          The answer is the new image, at stage <strong>Generated</strong>; move it on to Printed or Ordered here.
        </li>
      </ul>
    </section>
  );
}
