import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requirePageUser } from '@/lib/auth/page-user';
import { getDb } from '@/lib/db/client';
import { listApiKeys } from '@/lib/api-keys/api-keys';
import { KeysManager } from '@/components/keys/keys-manager';
import { UsageMeter } from '@/components/usage/usage-meter';
import { getUsage } from '@/lib/usage/get-usage';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  await connection();
  const user = await requirePageUser();
  const db = await getDb();
  const [{ items }, usage] = await Promise.all([listApiKeys(db, { userId: user.id }), getUsage(db, { userId: user.id })]);
  const keys = items.map((k) => ({
    id: k.id,
    name: k.name,
    start: k.start,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  }));
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="subtitle">
            Services send these as <code>Authorization: Bearer &lt;key&gt;</code> to post images to your account.
          </p>
        </div>
      </div>
      <UsageMeter {...usage} />
      <KeysManager initialKeys={keys} />
    </main>
  );
}
