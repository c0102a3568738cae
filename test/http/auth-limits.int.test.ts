// Over HTTP against `next start` with no SMTP_URL and no TRUST_PROXY: sign-in limits per
// client address cannot be dodged by writing X-Forwarded-For; where verification links go
// when mail is not configured (the log in embedded mode, nowhere in a deployment).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '../infra/app';
import { signUp, uniqueEmail } from '../infra/client';
import { sessionOf, signIn, verifyFromLog } from '../infra/auth';

const configs = [
  { name: 'PGlite (embedded mode)', database: 'pglite' },
  { name: 'PostgreSQL (a deployment)', database: 'postgres' },
] as const;

const LIMIT = 5;

for (const config of configs) {
  describe.runIf(config.database === 'pglite' || inject('pgAdminUrl'))(`auth limits without mail on ${config.name}`, () => {
    let app: RunningApp;

    beforeAll(async () => {
      app = await startApp({
        database: config.database,
        storage: 'local',
        pgAdminUrl: inject('pgAdminUrl'),
        env: { AUTH_SIGN_IN_PER_MINUTE: String(LIMIT), ADMIN_EMAILS: 'chief@example.test' },
      });
    });
    afterAll(async () => app?.stop());

    it('a new X-Forwarded-For on every try does not reset the per-address limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 2; i++) {
        // A new (unknown) account each time, so only the address can be what limits.
        const res = await signIn(app.url, uniqueEmail('guess'), 'some wrong password', { 'x-forwarded-for': `10.9.${i}.${i + 1}`, 'x-real-ip': `10.8.${i}.1` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
      expect(statuses.slice(LIMIT)).toEqual([429, 429]);
    });

    it('records the socket address on sessions, not what the client claims', async () => {
      const email = uniqueEmail('claims');
      // The sign-up itself signs in (autoSignIn): its session carries the address.
      const res = await fetch(`${app.url}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url, 'x-forwarded-for': '6.6.6.6' },
        body: JSON.stringify({ name: 'Claims', email, password: 'correct horse battery' }),
      });
      expect(res.status).toBe(200);
      const { clientFor, cookieFrom } = await import('../infra/client');
      const client = clientFor(app.url, cookieFrom(res), (await res.json()).user);
      expect((await sessionOf(client))?.session.ipAddress).toBe('127.0.0.1');
    });

    if (config.database === 'pglite') {
      it('embedded mode: the verification link is written to the server log, and following it verifies', async () => {
        const chief = await signUp(app.url, { email: 'chief@example.test' });
        expect((await chief.json('/api/cleanup/temp-images')).status).toBe(403);
        await verifyFromLog(app, 'chief@example.test');
        expect((await sessionOf(chief))?.user.emailVerified).toBe(true);
        expect((await chief.json('/api/cleanup/temp-images')).status).toBe(200);
      });
    } else {
      it('a deployment without SMTP_URL says mail is off, and the mail endpoints answer 503', async () => {
        expect(app.output()).toContain('verification and password-reset mails are OFF');
        const user = await signUp(app.url, { email: 'chief@example.test' });
        expect(app.output()).not.toContain('/verify-email?token=');
        for (const [path, body] of [
          ['/api/auth/request-password-reset', { email: 'chief@example.test' }],
          ['/api/auth/send-verification-email', { email: 'chief@example.test' }],
        ] as const) {
          const res = await user.json<{ code: string }>(path, body);
          expect(res.status, path).toBe(503);
          expect(res.body.code).toBe('MAIL_NOT_CONFIGURED');
        }
        expect((await user.json('/api/cleanup/temp-images')).status).toBe(403);
      });
    }
  });
}
