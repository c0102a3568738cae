'use client';
// Inside a <Link>: a small spinner while the navigation it started waits on the server, so a
// slow network shows that the click was taken. (Routes that may answer 404 cannot have a
// loading.tsx: streaming would start with status 200 before the page knows.)
import { useLinkStatus } from 'next/link';

export function LinkPending() {
  const { pending } = useLinkStatus();
  return <span className="link-pending" data-pending={pending} aria-hidden="true" />;
}
