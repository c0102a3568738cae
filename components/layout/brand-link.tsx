// The imagedock mark and name, linking home: top bar, auth pages and the public "not found".
import Link from 'next/link';

export function BrandLink() {
  return (
    <Link href="/" className="brand">
      <span className="brand-mark" aria-hidden="true" />
      imagedock
    </Link>
  );
}
