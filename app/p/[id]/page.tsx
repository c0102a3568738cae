import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { AppError } from '@/lib/http/errors';
import { getPublicListing, type PublicListing } from '@/lib/listings/public-listing';
import { pageOrigin } from '@/lib/origin/page-origin';
import { PublicGallery } from '@/components/public/public-gallery';

async function load(id: string): Promise<PublicListing> {
  await connection();
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  try {
    return await getPublicListing(await getDb(), getStorage(), { listingId: id });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const listing = await load((await params).id);
  // Link previews: the first image's `og` crop (1200×630 around its focal point), a JPEG.
  const og = listing.ogImage;
  const images = og ? [{ url: og.url, width: og.width, height: og.height, alt: listing.title }] : undefined;
  return {
    title: listing.title,
    // Link previews need absolute URLs: APP_URL, or the address this page was opened at.
    metadataBase: new URL(await pageOrigin()),
    openGraph: { title: listing.title, type: 'website', images },
    twitter: { card: og ? 'summary_large_image' : 'summary', title: listing.title, images: og ? [og.url] : undefined },
  };
}

// /p/:id – the public page of a published listing
export default async function PublicListingPage({ params }: { params: Promise<{ id: string }> }) {
  const listing = await load((await params).id);
  const { images } = listing;
  return (
    <main className="page public-page">
      <header className="public-header">
        <a href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          imagedock
        </a>
        <h1>{listing.title}</h1>
        {listing.publishedAt && (
          <p className="subtitle">
            Published {new Date(listing.publishedAt).toLocaleDateString('en', { dateStyle: 'long' })} · {images.length}{' '}
            {images.length === 1 ? 'image' : 'images'}
          </p>
        )}
      </header>
      {images.length === 0 ? <p className="empty">This listing has no images.</p> : <PublicGallery title={listing.title} images={images} />}
    </main>
  );
}
