// Auth steps tests share: following a mailed link, reading the session, signing in.
import type { RunningApp } from './app';
import { clientFor, cookieFrom, type Client } from './client';
import { linkFromLog } from './mailbox';
import { runCliSync } from './cli';
import { pollUntil } from './poll';

export async function signIn(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

export async function signedIn(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Client> {
  const res = await signIn(baseUrl, email, password, headers);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return clientFor(baseUrl, cookieFrom(res), (await res.json()).user);
}

export interface SessionBody {
  user: { email: string; emailVerified: boolean; name: string };
  session: { ipAddress: string | null };
}

export async function sessionOf(client: Client): Promise<SessionBody | null> {
  return (await client.json<SessionBody | null>('/api/auth/get-session')).body;
}

/** Follows a mailed better-auth link the way a mail client does (no cookies); returns the redirect. */
export async function follow(link: string) {
  const res = await fetch(link, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') };
}

/** Embedded mode without SMTP_URL: verify `email` through the link the app logged. */
export async function verifyFromLog(app: RunningApp, email: string) {
  const link = await pollUntil(
    () => linkFromLog(app.output(), email, '/verify-email?'),
    (found): found is string => found !== null,
    { what: `a verification link for ${email} in the log`, timeoutMs: 15_000, intervalMs: 100 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}:\n${app.output().slice(-2000)}`);
  });
  const followed = await follow(link);
  if (followed.status !== 302) throw new Error(`verification link answered ${followed.status}`);
}

/**
 * Makes `email` (already signed up, listed in ADMIN_EMAILS or not) an admin as an operator
 * would: on PGlite by verifying it through the logged link; on PostgreSQL, where a deployment
 * without SMTP_URL sends no mail, with `npm run admin -- grant` beside the running server.
 */
export async function makeAdmin(app: RunningApp, email: string) {
  if (!app.env.DATABASE_URL) return verifyFromLog(app, email);
  const granted = runCliSync('admin', ['grant', email], app.env);
  if (granted.status !== 0) throw new Error(`admin grant ${email} failed: ${granted.stderr || granted.stdout}`);
}
