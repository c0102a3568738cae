import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { listEndpoints } from '@/lib/webhooks/endpoint-queries';
import { ADMIN_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/schemas';
import { WebhooksManager } from '@/components/webhooks/webhooks-manager';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  await connection();
  const user = await requirePageUser();
  const { items } = await listEndpoints(await getDb(), { userId: user.id });
  const eventTypes = WEBHOOK_EVENT_TYPES.filter((t) => user.isAdmin || !ADMIN_EVENT_TYPES.includes(t));
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p className="subtitle">Tell your services when images are uploaded, listings are published and generated images change.</p>
        </div>
      </div>
      <WebhooksManager initialEndpoints={items} eventTypes={[...eventTypes]} />
    </main>
  );
}
