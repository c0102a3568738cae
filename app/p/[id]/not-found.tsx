import { NotFoundView } from '@/components/layout/not-found-view';

// Unpublished, deleted and never-existing listings all look the same here.
export default function PublicListingNotFound() {
  return (
    <NotFoundView title="This listing is not available" text="It may not be published yet, or it was taken down. Check the link with whoever shared it." />
  );
}
