// The bucket's CORS, as an operator meets it: a start-up warning, a `cors` check in
// /api/health (200 kept: the server works, browsers do not), and on /admin the exact
// PutBucketCors configuration to apply. On Ceph RGW, with a bucket that has the browser rule
// and one that lacks it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '../infra/app';
import { signUp } from '../infra/client';
import { makeAdmin } from '../infra/auth';
import { pollUntil } from '../infra/poll';

const ADMIN = 'ops@example.test';

function text(html: string) {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}

describe.runIf(inject('s3'))('bucket CORS on PGlite + Ceph RGW', () => {
  let withRule: RunningApp;
  let withoutRule: RunningApp;

  beforeAll(async () => {
    const options = { database: 'pglite', storage: 's3', s3: inject('s3'), env: { ADMIN_EMAILS: ADMIN } } as const;
    [withRule, withoutRule] = await Promise.all([startApp(options), startApp({ ...options, bucketCors: false })]);
  });
  afterAll(async () => {
    await Promise.all([withRule?.stop(), withoutRule?.stop()]);
  });

  it('a bucket with the rule: health reports cors ok, nothing is logged about it', async () => {
    const res = await fetch(`${withRule.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', cors: 'ok' } });
    expect(withRule.output()).not.toContain('browser uploads will fail');
    const admin = await signUp(withRule.url, { email: ADMIN });
    await makeAdmin(withRule, ADMIN);
    const page = text(await (await admin.fetch('/admin')).text());
    expect(page).toMatch(/Bucket CORS\s+OK/);
    expect(page).not.toContain('PutBucketCors');
  });

  it('a bucket without it: warned at start-up, health stays 200 naming the problem, /admin shows the rule', async () => {
    const origin = new URL(withoutRule.url).origin;
    const rule = {
      CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }],
    };

    const res = await fetch(`${withoutRule.url}/api/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', checks: { database: 'ok', storage: 'ok', cors: 'misconfigured' } });
    expect(body.warnings).toEqual([
      expect.stringMatching(new RegExp(`^Bucket CORS: PUT from ${origin} is not allowed.*/admin`)),
      expect.stringMatching(new RegExp(`^Bucket CORS: GET from ${origin} is not allowed.*/admin`)),
    ]);

    // The start-up check runs in the background: give it the moment it needs.
    const logged = await pollUntil(
      () =>
        withoutRule
          .output()
          .split('\n')
          .find((line) => line.includes('browser uploads will fail')),
      (line): line is string => line !== undefined,
      { what: 'the start-up CORS warning in the log', intervalMs: 100 },
    );
    expect(JSON.parse(logged)).toMatchObject({ level: 40, putBucketCors: rule });

    const admin = await signUp(withoutRule.url, { email: ADMIN });
    await makeAdmin(withoutRule, ADMIN);
    const html = await (await admin.fetch('/admin')).text();
    const page = text(html);
    expect(page).toMatch(/Bucket CORS\s+Misconfigured/);
    expect(page).toContain(`PUT from ${origin} is not allowed`);
    expect(page).toContain(`--bucket ${withoutRule.env.S3_BUCKET} --cors-configuration`);
    const pre = text(html.match(/<pre[^>]*data-config="PutBucketCors"[^>]*>([\s\S]*?)<\/pre>/)?.[1] ?? '');
    expect(JSON.parse(pre)).toEqual(rule);
  });
});
