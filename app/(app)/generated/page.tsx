import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { IMAGE_STAGES } from '@/lib/db/schema';
import { pageOrigin } from '@/lib/origin/page-origin';
import { getStorage } from '@/lib/storage/select';
import { listImages } from '@/lib/images/list-images';
import { listImagesQuery } from '@/lib/images/schemas';
import { FirstImageHelp } from '@/components/generated/first-image-help';
import { GeneratedGrid } from '@/components/generated/generated-grid';
import { StageFilter } from '@/components/generated/stage-filter';
import { stageLabel, toGeneratedImage, type Stage } from '@/components/generated/generated-image';

export const metadata: Metadata = { title: 'Generated images' };

const PAGE_SIZE = 24;

export default async function GeneratedPage({ searchParams }: { searchParams: Promise<{ stage?: string | string[] }> }) {
  await connection();
  const user = await requirePageUser();
  const { stage } = await searchParams;
  // An unknown ?stage= shows everything rather than an error page.
  const filter = (IMAGE_STAGES as readonly string[]).includes(String(stage)) ? (stage as Stage) : null;
  const query = listImagesQuery.parse({ source: 'generated', stage: filter ?? undefined, limit: PAGE_SIZE });
  const page = await listImages(await getDb(), getStorage(), { userId: user.id, query });
  const items = page.items.map(toGeneratedImage);
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Generated images</h1>
          <p className="subtitle">Images your services posted with an API key, from generated to printed and ordered.</p>
        </div>
      </div>
      <StageFilter current={filter} />
      {items.length === 0 && !filter ? (
        <FirstImageHelp appUrl={await pageOrigin()} />
      ) : items.length === 0 ? (
        <section className="empty" aria-labelledby="empty-title">
          <h2 id="empty-title">Nothing {stageLabel(filter).toLowerCase()} yet</h2>
          <p>Images at the {stageLabel(filter)} stage show up here. Move an image on from its full-size view.</p>
          <p>
            <Link href="/generated">Show all images</Link>
          </p>
        </section>
      ) : (
        <GeneratedGrid key={filter ?? 'all'} filter={filter} initialItems={items} initialCursor={page.nextCursor} />
      )}
    </main>
  );
}
