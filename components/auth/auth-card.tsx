// The frame every sign-in, sign-up and account-recovery page shares.
import Link from 'next/link';
import type { ReactNode } from 'react';

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          imagedock
        </Link>
        <h1 style={{ marginTop: '1.25rem' }}>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
