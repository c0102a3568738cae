import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, assertServable, loadEnv } from './env';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'imagedock-env-'));

function problemsOf(source: Record<string, string>) {
  try {
    loadEnv(source);
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadEnv', () => {
  it('runs with nothing set: embedded database, local storage, defaults', () => {
    const env = loadEnv({ DATA_DIR: tmp() });
    expect(env).toMatchObject({ PORT: 3000, databaseMode: 'pglite', storageMode: 'local', MAX_IMAGES_PER_SET: 10 });
    // Unset: the app is whichever of this machine's addresses a request arrives at.
    expect(env.APP_URL).toBeUndefined();
  });

  it('requires APP_URL to serve a deployment (PostgreSQL or S3), not for its CLIs, and trims a trailing slash', () => {
    const secrets = {
      BETTER_AUTH_SECRET: 'x'.repeat(40),
      CRON_SECRET: 'c'.repeat(20),
      PAYMENT_WEBHOOK_SECRET: 'whsec_0123456789',
      IMAGE_URL_SECRET: 'i'.repeat(40),
    };
    const deployment = loadEnv({ DATA_DIR: tmp(), DATABASE_URL: 'postgres://u:p@db/x', ...secrets });
    expect(() => assertServable(deployment)).toThrow(/APP_URL: required with DATABASE_URL or S3 storage/);
    const bucket = loadEnv({ DATA_DIR: tmp(), S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' });
    expect(() => assertServable(bucket)).toThrow(EnvError);
    expect(() => assertServable(loadEnv({ DATA_DIR: tmp() }))).not.toThrow();
    expect(assertServable(loadEnv({ DATA_DIR: tmp(), DATABASE_URL: 'postgres://u:p@db/x', APP_URL: 'https://images.example.com/', ...secrets })).APP_URL).toBe(
      'https://images.example.com',
    );
  });

  it('names every bad variable on its own line', () => {
    const problems = problemsOf({ PORT: 'abc', S3_ENDPOINT: 'nope', DATA_DIR: tmp() });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PORT: expected a port number/);
    expect(problems[1]).toMatch(/^S3_ENDPOINT: expected an http\(s\) URL/);
  });

  it('requires the secrets when DATABASE_URL is set', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://u@localhost/db', APP_URL: 'https://images.example.com' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['BETTER_AUTH_SECRET', 'CRON_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'IMAGE_URL_SECRET']);
  });

  it('requires the bucket and credentials once S3 is configured', () => {
    const problems = problemsOf({ S3_ENDPOINT: 'http://localhost:9000', APP_URL: 'https://images.example.com', DATA_DIR: tmp() });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
  });

  it('rejects malformed values of the other variables', () => {
    const problems = problemsOf({
      DATA_DIR: tmp(),
      APP_URL: 'localhost',
      DATABASE_URL: 'mysql://x',
      PAYMENT_WEBHOOK_SECRET: 'nothook',
      ADMIN_EMAILS: 'a@b.test,not-an-email',
      S3_FORCE_PATH_STYLE: 'maybe',
      BETTER_AUTH_SECRET: 'short',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['APP_URL', 'DATABASE_URL', 'PAYMENT_WEBHOOK_SECRET', 'ADMIN_EMAILS', 'S3_FORCE_PATH_STYLE', 'BETTER_AUTH_SECRET']),
    );
  });

  it('generates embedded secrets once and keeps them across starts', () => {
    const dir = tmp();
    const first = loadEnv({ DATA_DIR: dir });
    expect(first.generatedSecrets).toEqual(['BETTER_AUTH_SECRET', 'CRON_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'IMAGE_URL_SECRET']);
    expect(first.PAYMENT_WEBHOOK_SECRET).toMatch(/^whsec_/);
    const second = loadEnv({ DATA_DIR: dir });
    expect(second.generatedSecrets).toEqual([]);
    expect(second.BETTER_AUTH_SECRET).toBe(first.BETTER_AUTH_SECRET);
    expect(second.CRON_SECRET).toBe(first.CRON_SECRET);
    const stored = JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8'));
    expect(stored.CRON_SECRET).toBe(first.CRON_SECRET);
  });

  it('prefers secrets given in the environment', () => {
    const env = loadEnv({ DATA_DIR: tmp(), CRON_SECRET: 'given-cron-secret-123456' });
    expect(env.CRON_SECRET).toBe('given-cron-secret-123456');
    expect(env.generatedSecrets).not.toContain('CRON_SECRET');
  });

  it('lower-cases admin emails', () => {
    expect(loadEnv({ DATA_DIR: tmp(), ADMIN_EMAILS: ' Ops@Example.com , b@c.test' }).ADMIN_EMAILS).toEqual(['ops@example.com', 'b@c.test']);
  });

  it('refuses failure points outside the closed list, and any without the test harness', () => {
    expect(problemsOf({ DATA_DIR: tmp(), IMAGEDOCK_TEST_HARNESS: '1', IMAGEDOCK_FAILPOINTS: 'promote:after-copy:1,promote:afer-copy' })).toEqual([
      expect.stringMatching(/^IMAGEDOCK_FAILPOINTS: unknown failure point promote:afer-copy \(known: promote:after-copy, /),
    ]);
    // Leaked into a deployment: the server does not start, rather than crash mid-promotion.
    expect(problemsOf({ DATA_DIR: tmp(), IMAGEDOCK_FAILPOINTS: 'cleanup:after-claim:exit' })).toEqual([
      expect.stringMatching(/^IMAGEDOCK_FAILPOINTS: .*for the test harness only/),
    ]);
    expect(
      loadEnv({ DATA_DIR: tmp(), IMAGEDOCK_TEST_HARNESS: '1', IMAGEDOCK_FAILPOINTS: 'promote:after-copy:2, cleanup:after-claim:exit' }).failurePoints,
    ).toEqual([
      { point: 'promote:after-copy', nth: 2, exit: false },
      { point: 'cleanup:after-claim', nth: null, exit: true },
    ]);
    expect(loadEnv({ DATA_DIR: tmp() }).failurePoints).toEqual([]);
  });

  it('reads the mail and proxy settings, and names bad ones', () => {
    const defaults = loadEnv({ DATA_DIR: tmp() });
    expect([defaults.TRUST_PROXY, defaults.SMTP_URL, defaults.MAIL_FROM]).toEqual([0, undefined, undefined]);
    expect(
      loadEnv({ DATA_DIR: tmp(), TRUST_PROXY: '2', SMTP_URL: 'smtps://u:p@smtp.example.com:465', MAIL_FROM: 'imagedock <no-reply@example.com>' }),
    ).toMatchObject({ TRUST_PROXY: 2, SMTP_URL: 'smtps://u:p@smtp.example.com:465' });
    const problems = problemsOf({ DATA_DIR: tmp(), TRUST_PROXY: 'yes', SMTP_URL: 'http://mail.example.com' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['SMTP_URL', 'TRUST_PROXY']);
    expect(problemsOf({ DATA_DIR: tmp(), TRUST_PROXY: '-1' })[0]).toMatch(/^TRUST_PROXY: expected a number of proxy hops/);
  });
});
