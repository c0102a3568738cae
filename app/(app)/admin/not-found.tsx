import { NotFoundMessage } from '@/components/layout/not-found-message';

// What non-admins see at /admin: the same as any page that does not exist.
export default function AdminNotFound() {
  return (
    <main className="page">
      <NotFoundMessage title="Page not found" text="There is nothing at this address." back="Back to my listings" />
    </main>
  );
}
