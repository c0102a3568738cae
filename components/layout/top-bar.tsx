'use client';
// The signed-in shell's bar. A client component only to mark the current section
// (aria-current) from the path; at phone widths the nav takes its own row and scrolls.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { LinkPending } from './link-pending';
import { SignOutButton } from './sign-out-button';
import styles from './top-bar.module.css';
import { BrandLink } from './brand-link';

const LINKS = [
  { href: '/', label: 'My listings', matches: (p: string) => p === '/' || p.startsWith('/listings') },
  { href: '/generated', label: 'Generated', matches: (p: string) => p.startsWith('/generated') },
  { href: '/settings/keys', label: 'API keys', matches: (p: string) => p.startsWith('/settings/keys') },
  { href: '/settings/webhooks', label: 'Webhooks', matches: (p: string) => p.startsWith('/settings/webhooks') },
];
const ADMIN = { href: '/admin', label: 'Admin', matches: (p: string) => p.startsWith('/admin') };

export function TopBar({ email, isAdmin }: { email: string; isAdmin: boolean }) {
  const pathname = usePathname() ?? '';
  const links = isAdmin ? [...LINKS, ADMIN] : LINKS;
  return (
    <header className={styles.bar}>
      <div className={styles.inner}>
        <BrandLink />
        <nav aria-label="Main" className={styles.nav}>
          {links.map((link) => (
            <Link key={link.href} href={link.href} className={styles.link} aria-current={link.matches(pathname) ? 'page' : undefined}>
              {link.label}
              <LinkPending />
            </Link>
          ))}
        </nav>
        <span className={styles.who} title={email}>
          {email}
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
