// The delivery loop, one per process (every instance runs one; claims keep them apart: leases
// written with SKIP LOCKED on PostgreSQL, held in memory on PGlite, see claim-in-process).
// It claims due deliveries up to its concurrency, sends them, and writes their outcomes in
// batches. An enqueue in this process wakes it at once; otherwise it polls every POLL_MS,
// which is how rows written by other instances or CLIs are found.
import { entityKind } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { failAt } from '@/lib/faults';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { claimDeliveries, LEASE_SECONDS, type ClaimedDelivery } from './claim-deliveries';
import { claimInProcess, releaseInProcess } from './claim-in-process';
import { ATTEMPT_TIMEOUT_MS, postWebhook } from './post-webhook';
import { recordDelivered, recordFailed, type Delivered } from './record-outcomes';
import { signatureHeaders } from './sign-payload';
import { measureQueue, pruneOldEvents } from './queue-stats';
import { onWake } from './wake';

export interface DispatcherOptions {
  concurrency?: number;
  pollMs?: number;
  allowPrivate?: boolean;
}

const STATS_EVERY_MS = 5000;
const PRUNE_EVERY_MS = 3600_000;
// After a wake-up that found nothing (the enqueuing transaction had not committed yet), look
// again soon for a little while before falling back to the poll interval.
const HOT_MS = 1000;
const HOT_POLL_MS = 20;
// Successes ride on the next claim's statement, or are written every FLUSH_AT or FLUSH_MS, or
// at once when nothing else is under way: few, large statements (PGlite runs each one on the
// thread that sends). A crash re-sends at most that many, with the same webhook-id.
const FLUSH_AT = 256;
const FLUSH_MS = 250;

// A claim covers the wait in this instance's queue too: a batch sent `concurrency` at a time,
// each attempt up to 10 s, plus slack. A crashed instance's rows wait at most this long.
function leaseSeconds(batch: number, concurrency: number) {
  return LEASE_SECONDS + Math.ceil(batch / concurrency) * (ATTEMPT_TIMEOUT_MS / 1000);
}

/** PGlite: one process owns the database, so claims are held in memory (claim-in-process). */
function isPglite(db: Db) {
  return (db.constructor as unknown as Record<symbol, unknown>)[entityKind] === 'PgliteDatabase';
}

export class Dispatcher {
  private readonly concurrency: number;
  private readonly inProcess: boolean;
  private readonly pollMs: number;
  private readonly allowPrivate: boolean;
  private readonly batch: number;
  private queue: ClaimedDelivery[] = [];
  private inFlight = 0;
  private lastFlush = 0;
  private delivered: Delivered[] = [];
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private hotUntil = 0;
  private nudged = true;
  private moreDue = false;
  private lastClaim = 0;
  private stopped = false;
  private lastStats = 0;
  private lastPrune = 0;
  private readonly stopWake: () => void;
  readonly done: Promise<void>;

  constructor(
    private readonly db: Db,
    options: DispatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 16;
    this.batch = this.concurrency * 16;
    this.pollMs = options.pollMs ?? 1000;
    this.inProcess = isPglite(db);
    this.allowPrivate = options.allowPrivate ?? env().WEBHOOK_ALLOW_PRIVATE;
    this.stopWake = onWake(() => this.wake());
    this.done = this.run();
  }

  /** Asks for a claim now: rows were enqueued or made due (in this process). */
  wake() {
    this.nudged = true;
    this.hotUntil = Date.now() + HOT_MS;
    this.rouse();
  }

  /** Ends the loop's current sleep (an attempt ended, or stop). */
  private rouse() {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop() {
    this.stopped = true;
    this.stopWake();
    this.rouse();
    await this.done;
  }

  private async run() {
    while (!this.stopped) {
      try {
        this.woken = false;
        this.pump();
        // Outcomes and claims go in batches: each database round trip serves many deliveries.
        if (this.shouldClaim()) await this.claim();
        else if (this.shouldFlush()) await this.flush();
        this.pump();
        await this.updateStats();
        if (this.woken) continue;
        await this.sleep(this.nextLookIn());
      } catch (err) {
        log.error({ err }, 'webhook dispatcher: a round failed; trying again');
        await this.sleep(this.pollMs);
      }
    }
    // Claimed but never started: their leases expire and another round (or instance) sends them.
    this.release(this.queue.map((d) => d.id));
    this.queue = [];
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    await this.flush().catch(() => undefined);
  }

  // A claim only when the queue runs low and rows may be due: the last claim came back full,
  // an enqueue or retry asked for one, or the poll interval (hot: HOT_POLL_MS) has passed. An
  // attempt that ends never causes one on its own: in the tail of a burst that would be a
  // round trip per delivery, finding nothing (on PGlite, blocking the sends beside it).
  private shouldClaim() {
    if (this.queue.length >= 2 * this.concurrency) return false;
    if (this.moreDue || this.nudged) return true;
    const since = Date.now() - this.lastClaim;
    return since >= this.pollMs || (Date.now() < this.hotUntil && since >= HOT_POLL_MS);
  }

  private async claim() {
    this.nudged = false;
    const want = this.batch - this.queue.length;
    // Finished deliveries are recorded in the claim's statement.
    const finished = this.takeDelivered();
    let claimed: ClaimedDelivery[];
    try {
      claimed = this.inProcess
        ? await claimInProcess(this.db, want, finished)
        : await claimDeliveries(this.db, want, leaseSeconds(this.batch, this.concurrency), finished);
    } catch (err) {
      this.delivered.unshift(...finished);
      this.lastClaim = Date.now();
      throw err;
    }
    this.lastClaim = Date.now();
    this.moreDue = claimed.length === want;
    this.queue.push(...claimed);
    await recordDelivered(this.db, finished, true).catch((err) => log.error({ err }, 'could not mark endpoints healthy again'));
  }

  // Every FLUSH_AT successes or FLUSH_MS, and at once when nothing else is under way.
  private shouldFlush() {
    if (this.delivered.length === 0) return false;
    const idle = this.inFlight === 0 && this.queue.length === 0;
    return idle || this.delivered.length >= FLUSH_AT || Date.now() - this.lastFlush >= FLUSH_MS;
  }

  private nextLookIn() {
    const now = Date.now();
    const waits = [this.pollMs - (now - this.lastClaim)];
    if (now < this.hotUntil) waits.push(HOT_POLL_MS - (now - this.lastClaim));
    if (this.delivered.length > 0) waits.push(FLUSH_MS - (now - this.lastFlush));
    return Math.max(1, Math.min(...waits));
  }

  /** Keeps `concurrency` attempts going from the queue, without waiting for the loop. */
  private pump() {
    while (!this.stopped && this.inFlight < this.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.inFlight++;
      void this.attempt(delivery).finally(() => {
        this.inFlight--;
        this.pump();
        this.rouse();
      });
    }
  }

  private async attempt(delivery: ClaimedDelivery) {
    let result: Awaited<ReturnType<typeof postWebhook>>;
    try {
      failAt('webhooks:before-send');
      const headers = signatureHeaders({ id: delivery.eventId, body: delivery.body, secrets: delivery.secrets, at: new Date() });
      result = await postWebhook({ url: delivery.url, headers, body: delivery.body, allowPrivate: this.allowPrivate });
    } catch (err) {
      result = { ok: false, status: null, error: (err as Error).message };
    }
    if (result.ok) {
      metrics().webhookDeliveries.inc({ outcome: 'delivered' });
      this.delivered.push({
        id: delivery.id,
        status: result.status,
        attempts: delivery.attempts,
        endpointId: delivery.endpointId,
        endpointFailing: delivery.endpointFailing,
      });
      return;
    }
    try {
      const { final, disabled } = await recordFailed(this.db, { ...delivery, status: result.status, error: result.error });
      metrics().webhookDeliveries.inc({ outcome: final ? 'failed' : 'retried' });
      if (disabled) log.warn({ endpointId: delivery.endpointId }, 'webhook endpoint disabled after failing for days');
    } catch (err) {
      log.error({ err, deliveryId: delivery.id }, 'could not record a failed webhook attempt; its lease will expire');
    }
    this.release([delivery.id]);
  }

  private takeDelivered() {
    this.lastFlush = Date.now();
    const batch = this.delivered;
    this.delivered = [];
    return batch;
  }

  private async flush() {
    const batch = this.takeDelivered();
    try {
      await recordDelivered(this.db, batch);
    } catch (err) {
      // The lease expires and the row is sent again: at least once, never lost.
      log.error({ err, count: batch.length }, 'could not record delivered webhooks');
    }
    this.release(batch.map((d) => d.id));
  }

  /** Recorded (or given up on): claimable again, by a later round. Leases need nothing: they expire. */
  private release(ids: string[]) {
    if (this.inProcess) releaseInProcess(this.db, ids);
  }

  private async updateStats() {
    if (Date.now() - this.lastStats < STATS_EVERY_MS) return;
    this.lastStats = Date.now();
    const stats = await measureQueue(this.db);
    metrics().webhookQueueDepth.set(stats.depth);
    metrics().webhookOldestPendingSeconds.set(stats.oldestSeconds);
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneOldEvents(this.db);
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      // A wake-up that came while busy is consumed here, once (else this would never wait).
      if (this.woken) {
        this.woken = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}

const holder = globalThis as unknown as { __imagedockDispatcher?: Dispatcher };

/** Starts this process's dispatcher once (server start). */
export function startDispatcher(db: Db) {
  holder.__imagedockDispatcher ??= new Dispatcher(db);
  return holder.__imagedockDispatcher;
}
