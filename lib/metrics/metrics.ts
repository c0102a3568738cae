// One Prometheus registry per process, whichever bundle asks first. Labels are bounded:
// route templates, never raw paths or ids.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { bodyBudgetState } from '@/lib/http/body-budget';
import { processWide } from '@/lib/process-wide';

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'imagedock_process_' });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter({ name: `imagedock_${name}`, help, labelNames, registers: [registry] });
  return {
    registry,
    httpRequests: counter('http_requests_total', 'HTTP requests by route template, method and status', ['route', 'method', 'status']),
    httpDuration: new Histogram({
      name: 'imagedock_http_request_duration_seconds',
      help: 'HTTP request latency by route template',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    uploadsPrepared: counter('uploads_prepared_total', 'Upload slots handed out by prepare'),
    uploadsConfirmed: counter('uploads_confirmed_total', 'Uploads verified and marked uploaded'),
    uploadsFailed: counter('uploads_failed_total', 'Uploads refused at confirm'),
    generatedStored: counter('generated_images_stored_total', 'Generated images stored through the service API'),
    webhookEvents: counter('webhook_events_total', 'Payment webhook deliveries by outcome', ['outcome']),
    promotionCopyMismatches: counter('promotion_copy_mismatches_total', 'Promotions refused because an image changed after it was confirmed'),
    cleanupDeleted: counter('cleanup_deleted_total', 'Items removed by clean-up'),
    cleanupFailed: counter('cleanup_failed_total', 'Items clean-up could not remove'),
    variantRenders: counter('variant_renders_total', 'Image variants rendered and stored (first requests and regenerate)', ['preset', 'format']),
    variantRendersInProgress: new Gauge({
      name: 'imagedock_variant_renders_in_progress',
      help: 'Image variants being rendered or stored in this process',
      registers: [registry],
    }),
    storageErrors: counter('storage_errors_total', 'Requests that failed because storage was unavailable'),
    databaseErrors: counter('database_errors_total', 'Requests that failed because the database was unavailable'),
    bodyBudgetInUse: new Gauge({
      name: 'imagedock_body_budget_bytes_in_use',
      help: 'Request-body bytes admitted by the body budget now',
      registers: [registry],
      collect() {
        this.set(bodyBudgetState().inUse);
      },
    }),
    bodyBudgetWaiting: new Gauge({
      name: 'imagedock_body_budget_waiting',
      help: 'Requests waiting for a share of the body budget',
      registers: [registry],
      collect() {
        this.set(bodyBudgetState().waiting);
      },
    }),
    webhookDeliveries: counter('webhook_deliveries_total', 'Outbound webhook attempts by outcome (delivered, retried, failed)', ['outcome']),
    webhookQueueDepth: new Gauge({ name: 'imagedock_webhook_queue_depth', help: 'Outbound webhook deliveries not yet made', registers: [registry] }),
    webhookOldestPendingSeconds: new Gauge({
      name: 'imagedock_webhook_oldest_pending_seconds',
      help: 'Age of the oldest undelivered outbound webhook',
      registers: [registry],
    }),
  };
}

export function metrics() {
  return processWide('metrics', createMetrics);
}

const TEMPLATES: [RegExp, string][] = [
  [/^\/api\/auth\//, '/api/auth/*'],
  [/^\/api\/storage\//, '/api/storage/*'],
  [/^\/api\/i\/[^/]+\/[^/]+$/, '/api/i/:imageId/:preset'],
  [/^\/api\/images\/[^/]+\/download-url$/, '/api/images/:id/download-url'],
  [/^\/api\/images\/[^/]+\/stage$/, '/api/images/:id/stage'],
  [/^\/api\/images\/reorder$/, '/api/images/reorder'],
  [/^\/api\/images\/[^/]+$/, '/api/images/:id'],
  [/^\/api\/listings\/[^/]+$/, '/api/listings/:id'],
  [/^\/api\/public\/listings\/[^/]+$/, '/api/public/listings/:id'],
  [/^\/api\/keys\/[^/]+$/, '/api/keys/:id'],
  [/^\/api\/webhook-endpoints\/[^/]+\/[a-z-]+$/, '/api/webhook-endpoints/:id/*'],
  [/^\/api\/webhook-endpoints\/[^/]+$/, '/api/webhook-endpoints/:id'],
  [/^\/api\/webhook-deliveries\/[^/]+\/retry$/, '/api/webhook-deliveries/:id/retry'],
  [/^\/api\/checkout\/test\/[^/]+$/, '/api/checkout/test/:listingId'],
  [/^\/api\/[a-z/-]+$/, ''],
];

/** The route template for a path; anything unknown folds into one label. */
export function routeTemplate(pathname: string) {
  for (const [pattern, template] of TEMPLATES) if (pattern.test(pathname)) return template || pathname;
  return 'other';
}
