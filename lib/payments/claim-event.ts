// Each provider event id is processed once. A delivery claims the event row; concurrent
// deliveries wait for the claimant's verdict; a claim left by a crashed process expires and
// a redelivery takes it over.
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { paymentEvents } from '@/lib/db/schema';

const CLAIM_SECONDS = 60;
const WAIT_MS = 25_000;

export type Claim = { kind: 'claimed' } | { kind: 'finished'; state: string } | { kind: 'busy' };

export async function claimEvent(db: Db, event: { id: string; type: string }): Promise<Claim> {
  const lockedUntil = sql`now() + make_interval(secs => ${CLAIM_SECONDS})`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const inserted = await db
      .insert(paymentEvents)
      .values({ id: event.id, type: event.type, state: 'processing', lockedUntil })
      .onConflictDoNothing()
      .returning({ id: paymentEvents.id });
    if (inserted.length > 0) return { kind: 'claimed' };
    const takenOver = await db
      .update(paymentEvents)
      .set({ state: 'processing', lockedUntil, attempts: sql`${paymentEvents.attempts} + 1` })
      .where(
        and(
          eq(paymentEvents.id, event.id),
          or(eq(paymentEvents.state, 'failed'), and(eq(paymentEvents.state, 'processing'), lt(paymentEvents.lockedUntil, sql`now()`))),
        ),
      )
      .returning({ id: paymentEvents.id });
    if (takenOver.length > 0) return { kind: 'claimed' };
    const [row] = await db.select({ state: paymentEvents.state }).from(paymentEvents).where(eq(paymentEvents.id, event.id));
    if (row && row.state !== 'processing') return { kind: 'finished', state: row.state };
    if (Date.now() > deadline) return { kind: 'busy' };
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function finishEvent(db: Db, id: string, state: 'done' | 'ignored', listingId?: string) {
  await db.update(paymentEvents).set({ state, listingId, lockedUntil: null, processedAt: new Date(), lastError: null }).where(eq(paymentEvents.id, id));
}

export async function failEvent(db: Db, id: string, error: string) {
  await db
    .update(paymentEvents)
    .set({ state: 'failed', lockedUntil: null, lastError: error.slice(0, 2000) })
    .where(and(eq(paymentEvents.id, id), eq(paymentEvents.state, 'processing')));
}
