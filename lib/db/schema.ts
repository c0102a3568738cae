// The whole domain of SPEC §3. Column names snake_case, TypeScript camelCase.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth-schema';

export * from './auth-schema';

export const LISTING_STATUSES = ['draft', 'pending_payment', 'published', 'abandoned'] as const;
export const IMAGE_STATUSES = ['uploading', 'uploaded', 'error'] as const;
export const IMAGE_SOURCES = ['upload', 'generated'] as const;
export const IMAGE_STAGES = ['generated', 'printed', 'ordered', 'deleted'] as const;

// Millisecond precision, so a JavaScript Date round-trips exactly (keyset cursors rely on it).
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

export const uploadSessions = pgTable(
  'upload_sessions',
  {
    id: text('id').primaryKey(), // sess_<unix-ms>_<random>
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // Set when a checkout binds the session to a listing; clean-up leaves bound sessions alone
    // until the checkout is paid (promoted) or expired (releasedAt set).
    listingId: uuid('listing_id'),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('upload_sessions_user_id_idx').on(t.userId)],
);

export const listings = pgTable(
  'listings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    status: text('status', { enum: LISTING_STATUSES }).notNull().default('draft'),
    uploadSessionId: text('upload_session_id').references(() => uploadSessions.id, { onDelete: 'set null' }),
    // The open checkout while `pending_payment` (at most one per listing), cleared when it is
    // cancelled or expires; a payment for any earlier checkout still publishes.
    checkoutSessionId: text('checkout_session_id'),
    checkoutUrl: text('checkout_url'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('listings_user_id_idx').on(t.userId, t.createdAt),
    uniqueIndex('listings_upload_session_id_uq').on(t.uploadSessionId),
    check('listings_status_ck', sql`${t.status} in ('draft','pending_payment','published','abandoned')`),
  ],
);

export const images = pgTable(
  'images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'cascade' }),
    uploadSessionId: text('upload_session_id').references(() => uploadSessions.id, { onDelete: 'set null' }),
    key: text('key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    originalFilename: text('original_filename'),
    mimeType: text('mime_type').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    // Counted with byte_size against the owner's storage quota (null: no thumbnail, or a row
    // from before it was recorded).
    thumbnailByteSize: bigint('thumbnail_byte_size', { mode: 'number' }),
    width: integer('width'),
    height: integer('height'),
    caption: text('caption').notNull().default(''),
    position: integer('position').notNull().default(0),
    status: text('status', { enum: IMAGE_STATUSES }).notNull().default('uploading'),
    error: text('error'),
    source: text('source', { enum: IMAGE_SOURCES }).notNull().default('upload'),
    stage: text('stage', { enum: IMAGE_STAGES }),
    prompt: text('prompt'),
    metadata: jsonb('metadata'),
    placeholder: text('placeholder'),
    // Where cropped variants centre (0–1 from the left and top); null means the middle.
    focalX: real('focal_x'),
    focalY: real('focal_y'),
    // ETag recorded at confirm, so promotion's server-side copy can pin exactly what was verified.
    etag: text('etag'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    // A confirm claims the row until this time, so two confirms of one image never race.
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('images_key_uq').on(t.key),
    // reconcile() walks keys in byte order (COLLATE "C") a page at a time.
    index('images_key_c_idx').on(sql`${t.key} collate "C"`),
    index('images_thumbnail_key_c_idx').on(sql`${t.thumbnailKey} collate "C"`),
    index('images_user_list_idx').on(t.userId, t.position, t.createdAt, t.id),
    index('images_listing_idx').on(t.listingId, t.position),
    index('images_upload_session_idx').on(t.uploadSessionId, t.position),
    // A session's last change (clean-up's staleness test, per session per batch): one index
    // probe instead of a visit to each of its images' rows.
    index('images_upload_session_updated_idx').on(t.uploadSessionId, t.updatedAt),
    index('images_status_idx').on(t.status, t.createdAt),
    check('images_caption_len_ck', sql`char_length(${t.caption}) <= 500`),
    check('images_status_ck', sql`${t.status} in ('uploading','uploaded','error')`),
    check('images_source_ck', sql`${t.source} in ('upload','generated')`),
    check(
      'images_focal_ck',
      sql`(${t.focalX} is null) = (${t.focalY} is null) and coalesce(${t.focalX} between 0 and 1 and ${t.focalY} between 0 and 1, true)`,
    ),
  ],
);

export const paymentEvents = pgTable('payment_events', {
  id: text('id').primaryKey(), // the provider's event id: processed once
  type: text('type').notNull(),
  state: text('state', { enum: ['processing', 'done', 'ignored', 'failed'] }).notNull(),
  listingId: uuid('listing_id'),
  attempts: integer('attempts').notNull().default(1),
  lastError: text('last_error'),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
});

export const cleanupRuns = pgTable(
  'cleanup_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger', { enum: ['cron', 'api', 'cli', 'admin'] }).notNull(),
    action: text('action').notNull(),
    dryRun: boolean('dry_run').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed', 'skipped'] }).notNull(),
    found: integer('found').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors').$type<string[]>().notNull().default([]),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('cleanup_runs_started_idx').on(t.startedAt)],
);

// Operator media tools (npm run media): each verify result and each snapshot written, so the
// admin page, possibly on another machine, can show the last of each.
// purge/restore records let clean-up hold off sweeping objects whose references were purged.
export const MEDIA_CHECK_KINDS = ['verify', 'snapshot', 'purge', 'restore'] as const;
export const mediaChecks = pgTable(
  'media_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: MEDIA_CHECK_KINDS }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('media_checks_kind_started_idx').on(t.kind, t.startedAt),
    check('media_checks_kind_ck', sql`${t.kind} in ('verify','snapshot','purge','restore')`),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

// rate-limiter-flexible's RateLimiterDrizzle table (service API limits across instances).
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

export type ImageRow = typeof images.$inferSelect;
export type ListingRow = typeof listings.$inferSelect;
export type UploadSessionRow = typeof uploadSessions.$inferSelect;

// Outbound webhooks (SPEC §4): a user's endpoints, the outbox of events (written in the
// transaction of the change they report) and one delivery per event and endpoint.
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    // Kept as given: it must sign every delivery. The one replaced by a rotation keeps signing
    // beside it until previous_secret_until.
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: timestamp('previous_secret_until', { withTimezone: true, precision: 3 }),
    // Start of the current unbroken run of failed attempts; three days of it disables the endpoint.
    failingSince: timestamp('failing_since', { withTimezone: true, precision: 3 }),
    lastFailure: text('last_failure'),
    disabledAt: timestamp('disabled_at', { withTimezone: true, precision: 3 }),
    disabledReason: text('disabled_reason'),
    ...timestamps,
  },
  (t) => [index('webhook_endpoints_user_idx').on(t.userId, t.createdAt)],
);

export const webhookEvents = pgTable('webhook_events', {
  id: text('id').primaryKey(), // msg_…: the webhook-id header of every attempt
  userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  // The exact bytes signed and sent, so every attempt carries the same body.
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).defaultNow(),
    retryUntil: timestamp('retry_until', { withTimezone: true, precision: 3 }).notNull(),
    // A dispatcher's claim: another instance takes the row over only once this has passed.
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, precision: 3 }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_event_idx').on(t.eventId),
    check('webhook_deliveries_status_ck', sql`${t.status} in ('pending','delivered','failed')`),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
