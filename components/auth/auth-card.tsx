// The frame every sign-in, sign-up and account-recovery page shares.
import type { ReactNode } from 'react';
import { BrandLink } from '@/components/layout/brand-link';

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <BrandLink />
        <h1 style={{ marginTop: '1.25rem' }}>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
