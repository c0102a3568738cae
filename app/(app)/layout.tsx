import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { TopBar } from '@/components/layout/top-bar';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const user = await requirePageUser();
  return (
    <>
      <TopBar email={user.email} isAdmin={user.isAdmin} />
      {children}
    </>
  );
}
