import Link from 'next/link';
import { SignOutButton } from './sign-out-button';

export function TopBar({ email, isAdmin }: { email: string; isAdmin: boolean }) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="brand"><span className="brand-mark" aria-hidden="true" />imagedock</Link>
        <nav aria-label="Main">
          <Link href="/">My listings</Link>
          {isAdmin && <Link href="/admin">Admin</Link>}
        </nav>
        <span className="who" title={email}>{email}</span>
        <SignOutButton />
      </div>
    </header>
  );
}
