// One Prometheus registry per process (kept on globalThis: Next evaluates modules once per
// route entry). Labels are bounded: route templates, never raw paths or ids.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'imagedock_process_' });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter({ name: `imagedock_${name}`, help, labelNames, registers: [registry] });
  return {
    registry,
    httpRequests: counter('http_requests_total', 'HTTP requests by route template, method and status', ['route', 'method', 'status']),
    httpDuration: new Histogram({
      name: 'imagedock_http_request_duration_seconds', help: 'HTTP request latency by route template', labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
    }),
    uploadsPrepared: counter('uploads_prepared_total', 'Upload slots handed out by prepare'),
    uploadsConfirmed: counter('uploads_confirmed_total', 'Uploads verified and marked uploaded'),
    uploadsFailed: counter('uploads_failed_total', 'Uploads refused at confirm'),
    generatedStored: counter('generated_images_stored_total', 'Generated images stored through the service API'),
    webhookEvents: counter('webhook_events_total', 'Payment webhook deliveries by outcome', ['outcome']),
    cleanupDeleted: counter('cleanup_deleted_total', 'Items removed by clean-up'),
    cleanupFailed: counter('cleanup_failed_total', 'Items clean-up could not remove'),
    variantRenders: counter('variant_renders_total', 'Image variants rendered and stored (first requests and regenerate)', ['preset', 'format']),
    storageErrors: counter('storage_errors_total', 'Requests that failed because storage was unavailable'),
    databaseErrors: counter('database_errors_total', 'Requests that failed because the database was unavailable'),
  };
}

const holder = globalThis as unknown as { __imagedockMetrics?: ReturnType<typeof createMetrics> };

export function metrics() {
  holder.__imagedockMetrics ??= createMetrics();
  return holder.__imagedockMetrics;
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
  [/^\/api\/checkout\/test\/[^/]+$/, '/api/checkout/test/:listingId'],
  [/^\/api\/[a-z/-]+$/, ''],
];

/** The route template for a path; anything unknown folds into one label. */
export function routeTemplate(pathname: string) {
  for (const [pattern, template] of TEMPLATES) if (pattern.test(pathname)) return template || pathname;
  return 'other';
}
