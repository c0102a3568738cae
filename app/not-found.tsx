import type { Metadata } from 'next';
import { NotFoundView } from '@/components/layout/not-found-view';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return <NotFoundView title="Page not found" text="There is nothing at this address. Check the link, or start from the home page." />;
}
