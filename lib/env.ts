// The only reader of process.env. Parsed once with zod; a bad value stops start-up
// with one line per variable (see formatEnvErrors and scripts/start.ts).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseFailurePoints, type FailureSpec } from './failure-points';
import { crossBundleError, processWide, resetProcessWide } from './process-wide';

const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const boolFlag = z
  .preprocess(unsetIfEmpty, z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }).optional())
  .transform((v) => v === 'true' || v === '1');
const positiveInt = (fallback: number) =>
  z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').positive('expected a positive number').default(fallback),
  );

const envSchema = z.object({
  NODE_ENV: z.preprocess(unsetIfEmpty, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: 'expected a port number (1-65535)' })
      .int('expected a port number (1-65535)')
      .min(1, 'expected a port number (1-65535)')
      .max(65535, 'expected a port number (1-65535)')
      .default(3000),
  ),
  APP_URL: optional(z.url({ error: 'expected an absolute URL like https://images.example.com' })),
  DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default('.data')),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/.+/, 'expected a URL like postgres://user:pass@host:5432/db')),
  S3_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://s3.example.com' })),
  S3_REGION: optional(z.string().min(1)),
  S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3-63 lowercase letters, digits, dots, dashes)')),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  S3_FORCE_PATH_STYLE: boolFlag,
  BETTER_AUTH_SECRET: optional(z.string().min(32, 'expected at least 32 characters')),
  ADMIN_EMAILS: z
    .preprocess(unsetIfEmpty, z.string().default(''))
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email({ error: 'expected comma-separated email addresses' }))),
  CRON_SECRET: optional(z.string().min(16, 'expected at least 16 characters')),
  PAYMENT_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_.{8,}$/, 'expected a webhook secret starting with whsec_')),
  // Mail for verification and password-reset links; unset → written to the log (embedded mode only).
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'expected an SMTP URL like smtps://user:pass@smtp.example.com:465' })),
  MAIL_FROM: optional(z.string().trim().min(3, 'expected a sender like "imagedock <no-reply@example.com>"')),
  // Proxy hops in front of the app whose X-Forwarded-For entries are believed; 0 → the socket address.
  TRUST_PROXY: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: 'expected a number of proxy hops (0, 1, 2…)' })
      .int('expected a number of proxy hops (0, 1, 2…)')
      .min(0, 'expected a number of proxy hops (0, 1, 2…)')
      .max(16, 'expected at most 16 proxy hops')
      .default(0),
  ),
  // The local test checkout without Stripe: always on in embedded mode, else only when true.
  ALLOW_TEST_CHECKOUT: boolFlag,
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_(test|live)_.+/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')),
  // Keys for variant URLs (GET /api/i/…), comma-separated: the first signs, any verifies (rotation).
  IMAGE_URL_SECRET: optional(
    z.string().refine((v) => v.split(',').every((k) => k.trim().length >= 32), 'expected comma-separated keys of at least 32 characters each'),
  ),
  LOG_LEVEL: z.preprocess(unsetIfEmpty, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  // Limits (SPEC §3 defaults).
  UPLOAD_MAX_BYTES: positiveInt(5 * 1024 * 1024),
  GENERATED_MAX_BYTES: positiveInt(10 * 1024 * 1024),
  MAX_IMAGES_PER_SET: positiveInt(10),
  MAX_IMAGE_PIXELS: positiveInt(50_000_000),
  // Frames an uploaded GIF/WebP animation may have (as imgproxy's MAX_ANIMATION_FRAMES).
  MAX_ANIMATION_FRAMES: positiveInt(300),
  // Originals + thumbnails one user may store, in MiB.
  USER_STORAGE_QUOTA_MB: positiveInt(1024),
  UPLOAD_URL_TTL_SECONDS: positiveInt(3600),
  TEMP_MAX_AGE_HOURS: positiveInt(2),
  UPLOADING_MAX_AGE_HOURS: positiveInt(24),
  DRAFT_MAX_AGE_DAYS: positiveInt(7),
  SERVICE_RATE_LIMIT_PER_MINUTE: positiveInt(100),
  // The gallery's own (session) requests on service routes: a bucket of their own.
  SESSION_RATE_LIMIT_PER_MINUTE: positiveInt(600),
  // A request body must have arrived this long after its read began, or it is answered 408.
  BODY_READ_TIMEOUT_SECONDS: positiveInt(60),
  AUTH_SIGN_IN_PER_MINUTE: positiveInt(20),
  // Outbound webhooks may reach private, loopback and link-local addresses (tests, one LAN).
  WEBHOOK_ALLOW_PRIVATE: boolFlag,
  // Variant renders (lib/variants): at once per instance, waiting beyond that (then 429),
  // seconds one may take, frames an animated original may have.
  VARIANT_RENDER_CONCURRENCY: positiveInt(2),
  VARIANT_QUEUE_MAX: positiveInt(16),
  VARIANT_RENDER_TIMEOUT_SECONDS: positiveInt(20),
  VARIANT_MAX_FRAMES: positiveInt(500),
  // Comma-separated failure points (lib/failure-points.ts), honoured only beside
  // IMAGEDOCK_TEST_HARNESS=1, which only the test harness sets.
  IMAGEDOCK_FAILPOINTS: z.preprocess(unsetIfEmpty, z.string().default('')),
  IMAGEDOCK_TEST_HARNESS: boolFlag,
  NEXT_RUNTIME: optional(z.string()),
});

type ParsedEnv = z.infer<typeof envSchema>;

export type Env = Omit<ParsedEnv, 'APP_URL' | 'BETTER_AUTH_SECRET' | 'CRON_SECRET' | 'PAYMENT_WEBHOOK_SECRET' | 'IMAGE_URL_SECRET'> & {
  /**
   * The public base URL without a trailing slash. Unset only in embedded mode, where the app
   * is whatever local address a request arrives at (lib/origin/request-origin.ts).
   */
  APP_URL: string | undefined;
  IMAGE_URL_SECRET: string;
  BETTER_AUTH_SECRET: string;
  CRON_SECRET: string;
  PAYMENT_WEBHOOK_SECRET: string;
  /** Absolute DATA_DIR. */
  dataDir: string;
  databaseMode: 'pglite' | 'postgres';
  storageMode: 'local' | 's3';
  /** True when secrets were generated into DATA_DIR during this load (first start). */
  generatedSecrets: string[];
  /** Active failure points; empty unless the test harness set them. */
  failurePoints: FailureSpec[];
};

export class EnvError extends crossBundleError('EnvError') {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const S3_VARS = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
const SECRET_VARS = ['BETTER_AUTH_SECRET', 'CRON_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'IMAGE_URL_SECRET'] as const;

/** Parses an environment; pure except for generating embedded-mode secrets into DATA_DIR. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(`${name}: ${issue.message} (got ${JSON.stringify(source[name] ?? '')})`);
    }
    throw new EnvError(problems);
  }
  const env = parsed.data;
  const storageMode = env.S3_BUCKET || env.S3_ENDPOINT ? 's3' : 'local';
  if (storageMode === 's3') {
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) problems.push(`${name}: required when S3 storage is configured (${S3_VARS.join(', ')})`);
    }
  }
  const databaseMode = env.DATABASE_URL ? 'postgres' : 'pglite';
  const dataDir = path.resolve(env.DATA_DIR);
  const secrets: Record<string, string | undefined> = {
    BETTER_AUTH_SECRET: env.BETTER_AUTH_SECRET,
    CRON_SECRET: env.CRON_SECRET,
    PAYMENT_WEBHOOK_SECRET: env.PAYMENT_WEBHOOK_SECRET,
    IMAGE_URL_SECRET: env.IMAGE_URL_SECRET,
  };
  const missing = SECRET_VARS.filter((name) => !secrets[name]);
  if (databaseMode === 'postgres') {
    for (const name of missing) problems.push(`${name}: required when DATABASE_URL is set (a real deployment)`);
  }
  let failurePoints: FailureSpec[] = [];
  try {
    failurePoints = parseFailurePoints(env.IMAGEDOCK_FAILPOINTS);
  } catch (err) {
    problems.push(`IMAGEDOCK_FAILPOINTS: ${(err as Error).message}`);
  }
  if (failurePoints.length > 0 && !env.IMAGEDOCK_TEST_HARNESS) {
    problems.push('IMAGEDOCK_FAILPOINTS: failure points crash the server on purpose; they are for the test harness only (unset it)');
  }
  if (problems.length > 0) throw new EnvError(problems);

  const generatedSecrets = missing.length > 0 ? fillEmbeddedSecrets(dataDir, secrets, missing) : [];
  return {
    ...env,
    APP_URL: env.APP_URL?.replace(/\/+$/, ''),
    BETTER_AUTH_SECRET: secrets.BETTER_AUTH_SECRET!,
    CRON_SECRET: secrets.CRON_SECRET!,
    PAYMENT_WEBHOOK_SECRET: secrets.PAYMENT_WEBHOOK_SECRET!,
    IMAGE_URL_SECRET: secrets.IMAGE_URL_SECRET!,
    dataDir,
    databaseMode,
    storageMode,
    generatedSecrets,
    failurePoints,
  };
}

// Embedded mode only: secrets are made once and kept in DATA_DIR so restarts keep sessions.
function fillEmbeddedSecrets(dataDir: string, secrets: Record<string, string | undefined>, missing: readonly string[]) {
  const file = path.join(dataDir, 'secrets.json');
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // First start: nothing stored yet.
  }
  const generated: string[] = [];
  for (const name of missing) {
    if (!stored[name]) {
      const random = randomBytes(32).toString('base64url');
      stored[name] = name === 'PAYMENT_WEBHOOK_SECRET' ? `whsec_${random}` : random;
      generated.push(name);
    }
    secrets[name] = stored[name];
  }
  if (generated.length > 0) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return generated;
}

/**
 * What a server needs beyond what the CLIs do: a deployment has one public address (auth
 * links, the Origin check and the bucket's CORS rule all name it); only embedded mode may
 * follow the address each request used. Throws EnvError naming APP_URL.
 */
export function assertServable(config: Env): Env {
  if (!config.APP_URL && (config.databaseMode === 'postgres' || config.storageMode === 's3')) {
    throw new EnvError(['APP_URL: required with DATABASE_URL or S3 storage (the public URL people open, like https://images.example.com)']);
  }
  return config;
}

/** The process's configuration, parsed on first use. */
export function env(): Env {
  return processWide('env', () => loadEnv());
}

/** Tests and CLIs that change process.env between runs call this. */
export function resetEnvCache() {
  resetProcessWide('env');
}
