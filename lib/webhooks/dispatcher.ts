// The delivery loop, one per process (every instance runs one; claims keep them apart).
// It claims due deliveries up to its concurrency, sends them, and writes their outcomes in
// batches. An enqueue in this process wakes it at once; otherwise it polls every POLL_MS,
// which is how rows written by other instances or CLIs are found.
import pLimit, { type LimitFunction } from 'p-limit';
import type { Db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { failAt } from '@/lib/faults';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { claimDeliveries, LEASE_SECONDS, type ClaimedDelivery } from './claim-deliveries';
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
const FLUSH_AT = 128;
const FLUSH_MS = 50;

// A claim covers the wait in this instance's queue too: a batch sent `concurrency` at a time,
// each attempt up to 10 s, plus slack. A crashed instance's rows wait at most this long.
function leaseSeconds(batch: number, concurrency: number) {
  return LEASE_SECONDS + Math.ceil(batch / concurrency) * (ATTEMPT_TIMEOUT_MS / 1000);
}

export class Dispatcher {
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly allowPrivate: boolean;
  private readonly batch: number;
  /** Claimed deliveries, sent `concurrency` at a time; its pending ones are this instance's queue. */
  private readonly sending: LimitFunction;
  /** Attempts under way, awaited on stop. */
  private readonly attempts = new Set<Promise<void>>();
  private lastFlush = 0;
  private delivered: Delivered[] = [];
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private hotUntil = 0;
  private stopped = false;
  private lastStats = 0;
  private lastPrune = 0;
  private readonly stopWake: () => void;
  readonly done: Promise<void>;

  constructor(private readonly db: Db, options: DispatcherOptions = {}) {
    this.concurrency = options.concurrency ?? 16;
    this.batch = this.concurrency * 16;
    this.sending = pLimit(this.concurrency);
    this.pollMs = options.pollMs ?? 1000;
    this.allowPrivate = options.allowPrivate ?? env().WEBHOOK_ALLOW_PRIVATE;
    this.stopWake = onWake(() => {
      this.hotUntil = Date.now() + HOT_MS;
      this.wake();
    });
    this.done = this.run();
  }

  wake() {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop() {
    this.stopped = true;
    // Claimed but never started: their leases expire and another round (or instance) sends them.
    this.sending.clearQueue();
    this.stopWake();
    this.wake();
    await this.done;
  }

  private async run() {
    while (!this.stopped) {
      try {
        this.woken = false;
        // Outcomes and claims go in batches: each database round trip serves many deliveries.
        let claimed: ClaimedDelivery[] = [];
        const want = this.batch - this.sending.pendingCount;
        if (this.sending.pendingCount < 2 * this.concurrency) {
          // Claimed ahead, while the rest of the queue is being sent; finished ones recorded with it.
          const finished = this.takeDelivered();
          try {
            claimed = await claimDeliveries(this.db, want, leaseSeconds(this.batch, this.concurrency), finished);
          } catch (err) {
            this.delivered.unshift(...finished);
            throw err;
          }
          await recordDelivered(this.db, finished, true).catch((err) => log.error({ err }, 'could not mark endpoints healthy again'));
          for (const delivery of claimed) this.send(delivery);
        } else if (this.delivered.length >= FLUSH_AT || (this.delivered.length > 0 && Date.now() - this.lastFlush > FLUSH_MS)) {
          await this.flush();
        }
        await this.updateStats();
        if (claimed.length > 0 && claimed.length === want) continue; // more may be due right now
        if (this.woken) continue;
        const hot = claimed.length === 0 && Date.now() < this.hotUntil;
        await this.sleep(this.delivered.length > 0 ? FLUSH_MS : hot ? HOT_POLL_MS : this.pollMs);
      } catch (err) {
        log.error({ err }, 'webhook dispatcher: a round failed; trying again');
        await this.sleep(this.pollMs);
      }
    }
    this.sending.clearQueue();
    await Promise.all(this.attempts);
    await this.flush().catch(() => undefined);
  }

  /** Queues one attempt; the loop goes on claiming and recording while it waits its turn. */
  private send(delivery: ClaimedDelivery) {
    void this.sending(async () => {
      if (this.stopped) return;
      const attempt = this.attempt(delivery);
      this.attempts.add(attempt);
      try {
        await attempt;
      } finally {
        this.attempts.delete(attempt);
        this.wake();
      }
    });
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
      this.delivered.push({ id: delivery.id, status: result.status, endpointId: delivery.endpointId, endpointFailing: delivery.endpointFailing });
      return;
    }
    try {
      const { final, disabled } = await recordFailed(this.db, { ...delivery, status: result.status, error: result.error });
      metrics().webhookDeliveries.inc({ outcome: final ? 'failed' : 'retried' });
      if (disabled) log.warn({ endpointId: delivery.endpointId }, 'webhook endpoint disabled after failing for days');
    } catch (err) {
      log.error({ err, deliveryId: delivery.id }, 'could not record a failed webhook attempt; its lease will expire');
    }
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
