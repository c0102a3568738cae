// The branded "not found" page: what a visitor sees for a missing or unpublished listing (its
// existence is never revealed) and for any unknown address.
import { BrandLink } from './brand-link';
import { NotFoundMessage } from './not-found-message';

export function NotFoundView({ title, text }: { title: string; text: string }) {
  return (
    <main className="page not-found">
      <header className="public-header">
        <BrandLink />
      </header>
      <NotFoundMessage title={title} text={text} back="Go to imagedock" />
    </main>
  );
}
