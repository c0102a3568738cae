// Over HTTP against `next start`, on PGlite + local disk and PostgreSQL + S3 (issue 16, item 9):
// the security headers on every page and API answer, signed-in pages (which read the database)
// included; a page's CSP lets images load from, and uploads go to, where this configuration's
// storage serves them (the app's own origin on local disk, the bucket's on S3); broken
// percent-encoding is 400, not 500; HSTS when APP_URL is https.
import { beforeAll, expect, it } from 'vitest';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';

describeApp('security headers', { users: 1 }, (suite, config) => {
  let app: RunningApp;
  let alice: Client;
  beforeAll(() => {
    ({ app } = suite);
    [alice] = suite.users;
  });

  it('puts the security headers on pages, API answers, errors, redirects and 404s', async () => {
    const answers = {
      'page /': await fetch(`${app.url}/`, { redirect: 'manual' }),
      'page /sign-in': await fetch(`${app.url}/sign-in`),
      'page /admin (signed in)': await alice.fetch('/admin', { redirect: 'manual' }),
      'page /settings/keys (signed in)': await alice.fetch('/settings/keys'),
      'page 404': await fetch(`${app.url}/no-such-page`),
      'api 200': await fetch(`${app.url}/api/health`),
      'api 401': await fetch(`${app.url}/api/images`),
      'api 400': await alice.fetch('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      'api 404 (no route)': await fetch(`${app.url}/api/no-such-route`),
      'api auth': await fetch(`${app.url}/api/auth/get-session`),
      // On S3 the route serves nothing (404 NoSuchBucket), on local disk it refuses the unsigned URL (403).
      'api storage': await fetch(`${app.url}/api/storage/users/x/y.png`),
      'static asset': await fetch(`${app.url}/icon.svg`),
      'favicon.ico': await fetch(`${app.url}/favicon.ico`),
    };
    // Browsers ask for /favicon.ico on their own; a 404 there is an error in every console.
    expect(answers['favicon.ico'].status).toBe(200);
    expect(answers['favicon.ico'].headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(answers['api storage'].status).toBe(config.storage === 's3' ? 404 : 403);
    for (const [name, res] of Object.entries(answers)) {
      const h = res.headers;
      expect({ name, nosniff: h.get('x-content-type-options'), referrer: h.get('referrer-policy'), frame: h.get('x-frame-options') }).toEqual({
        name,
        nosniff: 'nosniff',
        referrer: 'strict-origin-when-cross-origin',
        frame: 'DENY',
      });
      expect(h.get('content-security-policy'), name).toContain("frame-ancestors 'none'");
      expect(h.get('strict-transport-security'), name).toBeNull(); // APP_URL is http here
    }
    expect(answers['page /settings/keys (signed in)'].status).toBe(200);
    const pageCsp = answers['page /settings/keys (signed in)'].headers.get('content-security-policy')!;
    const storageOrigin = config.storage === 's3' ? new URL(app.env.S3_ENDPOINT).origin : app.url;
    expect(pageCsp).toContain(`img-src 'self' blob: data: ${storageOrigin}`);
    expect(pageCsp).toContain(`connect-src 'self' ${storageOrigin}`);
    expect(pageCsp).toContain("object-src 'none'");
    expect(answers['api 200'].headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    // The page CSP is the only one a page carries: two would be enforced together.
    expect(pageCsp.split(',')).toHaveLength(1);
  });

  it('answers 400, with the headers, to a path whose percent-encoding is broken (Next answered 500)', async () => {
    for (const path of ['/api/keys/%C0%AE', '/api/images/%FF/stage', '/api/storage/%FF', '/api/public/listings/%E0%A4%A', '/listings/%FF']) {
      const res = await alice.fetch(path, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('x-content-type-options'), res.headers.get('content-security-policy')]).toEqual([
        path,
        400,
        'nosniff',
        "default-src 'none'; frame-ancestors 'none'",
      ]);
      expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'The path is not valid percent-encoding' } });
    }
    // Well-formed escapes still reach the routes (and the database behind them).
    expect((await alice.fetch('/api/keys/%41bc', { method: 'DELETE' })).status).toBe(404);
  });
});

describeApp('HSTS with an https APP_URL', { env: () => ({ APP_URL: 'https://images.example.test' }) }, (suite) => {
  it('sends Strict-Transport-Security on pages and API answers', async () => {
    for (const path of ['/sign-in', '/no-such-page', '/api/health', '/api/images']) {
      const res = await fetch(`${suite.app.url}${path}`, { redirect: 'manual' });
      expect([path, res.headers.get('strict-transport-security')]).toEqual([path, 'max-age=31536000; includeSubDomains']);
    }
  });
});
