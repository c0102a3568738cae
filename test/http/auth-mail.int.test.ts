// Over HTTP against `next start` with a real SMTP server on loopback: email verification and
// admin rights, password reset by mail, password and name rules, the per-account sign-in
// limit, TRUST_PROXY, and the API-key plugin's endpoints being unreachable. Both databases.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '../infra/app';
import { signUp, uniqueEmail, type Client } from '../infra/client';
import { startMailbox, type Mailbox } from '../infra/mailbox';
import { pollUntil } from '../infra/poll';
import { follow, sessionOf, signIn, signedIn } from '../infra/auth';

const configs = [
  { name: 'PGlite', database: 'pglite' },
  { name: 'PostgreSQL', database: 'postgres' },
] as const;

const BOSS = 'boss@example.test';
const OPS = 'ops@example.test';
const PASSWORD = 'correct horse battery';

for (const config of configs) {
  describe.runIf(config.database === 'pglite' || inject('pgAdminUrl'))(`auth by mail on ${config.name}`, () => {
    let app: RunningApp;
    let mailbox: Mailbox;

    beforeAll(async () => {
      mailbox = await startMailbox();
      app = await startApp({
        database: config.database,
        storage: 'local',
        pgAdminUrl: inject('pgAdminUrl'),
        // A high per-address limit: these tests sign up many users from one address.
        env: {
          SMTP_URL: mailbox.url,
          MAIL_FROM: 'imagedock tests <no-reply@example.test>',
          ADMIN_EMAILS: `${BOSS},${OPS}`,
          TRUST_PROXY: '1',
          AUTH_SIGN_IN_PER_MINUTE: '1000',
        },
      });
    });
    afterAll(async () => {
      await app?.stop();
      await mailbox?.close();
    });

    const adminStatus = async (client: Client) => [
      (await client.json('/api/cleanup/temp-images')).status,
      (await client.json('/api/cleanup/temp-images', { action: 'list' })).status,
      (await client.fetch('/api/metrics')).status,
    ];

    it('mails a verification link at sign-up; a listed address is admin only once it is followed', async () => {
      const boss = await signUp(app.url, { email: BOSS, password: PASSWORD, name: 'The Boss' });
      const mail = await mailbox.waitFor(BOSS, /verify/i);
      expect(mail.from).toBe('no-reply@example.test');
      expect((await sessionOf(boss))?.user.emailVerified).toBe(false);
      expect(await adminStatus(boss)).toEqual([403, 403, 403]);
      const page = await boss.fetch('/admin');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Verify your address first');

      expect(await (await boss.fetch('/email-verified')).text()).toContain('Address not verified yet');
      const link = mailbox.linkIn(mail, '/api/auth/verify-email?');
      expect(link.startsWith(`${app.url}/api/auth/verify-email?token=`)).toBe(true);
      expect(await follow(link)).toEqual({ status: 302, location: '/email-verified' });
      expect((await sessionOf(boss))?.user.emailVerified).toBe(true);
      expect(await adminStatus(boss)).toEqual([200, 200, 200]);
      const landing = await boss.fetch('/email-verified');
      expect(await landing.text()).toContain('Address verified');
    });

    it('a listed address nobody verified is never admin; a resent link makes it one', async () => {
      const ops = await signUp(app.url, { email: OPS, password: PASSWORD });
      await mailbox.waitFor(OPS, /verify/i);
      expect(await adminStatus(ops)).toEqual([403, 403, 403]);
      expect((await ops.json('/api/cleanup/temp-images', { action: 'delete-all', confirm: 'delete-all-temp-images' })).status).toBe(403);
      // Neither the verified flag nor the grant can be written by the user.
      await ops.json('/api/auth/update-user', { emailVerified: true, adminGrantedAt: new Date().toISOString() });
      expect((await sessionOf(ops))?.user.emailVerified).toBe(false);
      expect(await adminStatus(ops)).toEqual([403, 403, 403]);
      const forged = await fetch(`${app.url}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ name: 'Forger', email: uniqueEmail('forger'), password: PASSWORD, adminGrantedAt: new Date().toISOString() }),
      });
      expect(forged.status).toBe(400);

      const before = mailbox.mails.filter((m) => m.to.includes(OPS)).length;
      const resend = await ops.json('/api/auth/send-verification-email', { email: OPS });
      expect(resend.status).toBe(200);
      const toOps = await pollUntil(
        () => mailbox.mails.filter((m) => m.to.includes(OPS)),
        (mails) => mails.length > before,
        { what: 'a second verification mail' },
      );
      const latest = toOps.at(-1)!;
      expect(toOps).toHaveLength(before + 1);
      expect(await follow(mailbox.linkIn(latest, '/verify-email?'))).toMatchObject({ status: 302, location: '/email-verified' });
      expect(await adminStatus(ops)).toEqual([200, 200, 200]);
    });

    it('a verified address that is not listed stays a plain user; a forged or stale token verifies nothing', async () => {
      const email = uniqueEmail('plain');
      const user = await signUp(app.url, { email });
      const mail = await mailbox.waitFor(email, /verify/i);
      const link = mailbox.linkIn(mail, '/verify-email?');
      const forged = link.replace(/token=([^&]+)/, (_, t: string) => `token=${t.slice(0, -4)}AAAA`);
      expect(await follow(forged)).toEqual({ status: 302, location: '/email-verified?error=INVALID_TOKEN' });
      expect((await sessionOf(user))?.user.emailVerified).toBe(false);
      expect(await (await fetch(`${app.url}/email-verified?error=INVALID_TOKEN`)).text()).toContain('not valid');
      expect((await follow(link)).status).toBe(302);
      expect((await sessionOf(user))?.user.emailVerified).toBe(true);
      expect(await adminStatus(user)).toEqual([403, 403, 403]);
    });

    it('resets a password by mail: the old password and old sessions stop working, the link works once', async () => {
      const email = uniqueEmail('carol');
      const carol = await signUp(app.url, { email, password: PASSWORD });
      const unknown = await fetch(`${app.url}/api/auth/request-password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email: uniqueEmail('nobody') }),
      });
      expect(unknown.status).toBe(200);
      const asked = await fetch(`${app.url}/api/auth/request-password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email }),
      });
      expect(asked.status).toBe(200);
      const mail = await mailbox.waitFor(email, /reset/i);
      const landed = await follow(mailbox.linkIn(mail, '/api/auth/reset-password/'));
      expect(landed.status).toBe(302);
      const target = new URL(landed.location!, app.url);
      expect(target.pathname).toBe('/reset-password');
      const token = target.searchParams.get('token')!;
      expect(token).toBeTruthy();
      expect(await (await fetch(target)).text()).toContain('Choose a new password');

      const reset = (newPassword: string) =>
        fetch(`${app.url}/api/auth/reset-password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: app.url },
          body: JSON.stringify({ newPassword, token }),
        });
      const weak = await reset('password123');
      expect(weak.status).toBe(400);
      expect(await weak.json()).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
      const NEW = 'a brand new passphrase';
      expect((await reset(NEW)).status).toBe(200);
      expect((await signIn(app.url, email, PASSWORD)).status).toBe(401);
      expect(await sessionOf(carol)).toBeNull();
      const again = await signedIn(app.url, email, NEW);
      // The reset link reached the address, so it is verified too.
      expect((await sessionOf(again))?.user.emailVerified).toBe(true);
      expect((await reset('yet another passphrase')).status).toBe(400);
      expect((await signIn(app.url, email, 'yet another passphrase')).status).toBe(401);
    });

    it('refuses short and common passwords with the reason, and creates nobody', async () => {
      const email = uniqueEmail('weak');
      for (const [password, code] of [
        ['password', 'PASSWORD_TOO_SHORT'],
        ['12345678', 'PASSWORD_TOO_SHORT'],
        ['        ', 'PASSWORD_TOO_SHORT'],
        ['password1234', 'PASSWORD_TOO_WEAK'],
        ['qwertyuiop', 'PASSWORD_TOO_WEAK'],
        ['x'.repeat(200), 'PASSWORD_TOO_LONG'],
      ]) {
        const res = await fetch(`${app.url}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: app.url },
          body: JSON.stringify({ name: 'Weak', email, password }),
        });
        expect(res.status, password).toBe(400);
        const body = await res.json();
        expect(body.code, password).toBe(code);
        expect(body.message).toMatch(/^Password too (short|easy to guess|long)/);
      }
      expect((await signIn(app.url, email, 'password1234')).status).toBe(401);
      expect(mailbox.mails.some((m) => m.to.includes(email))).toBe(false);
      await signUp(app.url, { email, password: 'four unrelated words here' });
    });

    it('bounds names: trimmed, at most 100 characters, no NUL; on sign-up and on update', async () => {
      const post = (name: string) =>
        fetch(`${app.url}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: app.url },
          body: JSON.stringify({ name, email: uniqueEmail('name'), password: PASSWORD }),
        });
      for (const name of ['x'.repeat(100_000), '   ', 'Ada\u0000Lovelace']) {
        const res = await post(name);
        expect(res.status).toBe(400);
        expect((await res.json()).code).toBe('INVALID_NAME');
      }
      const ok = await post('   Ada Lovelace   ');
      expect(ok.status).toBe(200);
      expect((await ok.json()).user.name).toBe('Ada Lovelace');
      const user = await signUp(app.url, { name: 'Short' });
      expect((await user.json('/api/auth/update-user', { name: 'y'.repeat(101) })).status).toBe(400);
      expect((await user.json('/api/auth/update-user', { name: ' Renamed ' })).status).toBe(200);
      expect((await sessionOf(user))?.user.name).toBe('Renamed');
    });

    it('limits failed sign-ins per account across addresses, with Retry-After; other accounts are not affected', async () => {
      const email = uniqueEmail('target');
      await signUp(app.url, { email, password: PASSWORD });
      for (let i = 1; i <= 10; i++) {
        const res = await signIn(app.url, email, `wrong guess number ${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
        expect(res.status, `attempt ${i}`).toBe(401);
      }
      const locked = await signIn(app.url, email, PASSWORD, { 'x-forwarded-for': '203.0.113.99' });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
      const other = uniqueEmail('bystander');
      await signUp(app.url, { email: other, password: PASSWORD });
      expect((await signIn(app.url, other, PASSWORD, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(200);
      // Successful sign-ins are not failures: many in a row never lock an account.
      for (let i = 0; i < 11; i++) expect((await signIn(app.url, other, PASSWORD)).status).toBe(200);
    });

    it('with TRUST_PROXY=1 the right-most X-Forwarded-For address is the client', async () => {
      const email = uniqueEmail('proxied');
      await signUp(app.url, { email, password: PASSWORD });
      const client = await signedIn(app.url, email, PASSWORD, { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' });
      expect((await sessionOf(client))?.session.ipAddress).toBe('198.51.100.23');
      const direct = await signedIn(app.url, email, PASSWORD);
      expect((await sessionOf(direct))?.session.ipAddress).toBe('127.0.0.1');
    });

    it('better-auth’s API-key endpoints answer 404 to every method and create nothing', async () => {
      const user = await signUp(app.url);
      const paths = ['create', 'list', 'get', 'update', 'delete', 'verify', 'delete-all-expired-api-keys', ''].map(
        (p) => `/api/auth/api-key${p ? `/${p}` : ''}`,
      );
      paths.push('/api/auth/API-KEY/create', '/api/auth/api-key%2Fcreate');
      const body = JSON.stringify({ name: 'minted', prefix: 'evil_', expiresIn: 999999999, key: 'x', keyId: 'x' });
      for (const path of paths) {
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
          const res = await user.fetch(path, {
            method,
            headers: { 'content-type': 'application/json' },
            body: ['GET', 'OPTIONS'].includes(method) ? undefined : body,
          });
          expect(res.status, `${method} ${path}`).toBe(404);
        }
      }
      expect((await user.json<{ items: unknown[] }>('/api/keys')).body.items).toEqual([]);
      const issued = await user.json<{ key: string }>('/api/keys', { name: 'real' });
      expect(issued.status).toBe(201);
      expect(issued.body.key).toMatch(/^idk_/);
    });
  });
}
