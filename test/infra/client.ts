// A signed-in HTTP client for tests: cookies from better-auth, our Origin on every request.
import { randomBytes } from 'node:crypto';

export interface Client {
  baseUrl: string;
  cookie: string;
  user: { id: string; email: string; name: string };
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, body?: unknown, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
}

export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

export async function signUp(baseUrl: string, input: { email?: string; password?: string; name?: string } = {}): Promise<Client> {
  const email = input.email ?? uniqueEmail();
  const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ name: input.name ?? 'Test User', email, password: input.password ?? 'correct horse battery' }),
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: Client['user'] };
  return clientFor(baseUrl, cookieFrom(res), body.user);
}

export function cookieFrom(res: Response) {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export function clientFor(baseUrl: string, cookie: string, user: Client['user']): Client {
  const client: Client = {
    baseUrl,
    cookie,
    user,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('cookie') && cookie) headers.set('cookie', cookie);
      if (!headers.has('origin')) headers.set('origin', baseUrl);
      return fetch(`${baseUrl}${path}`, { ...init, headers });
    },
    async json<T>(path: string, body?: unknown, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      if (body !== undefined) headers.set('content-type', 'application/json');
      const res = await client.fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        ...init,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
    },
  };
  return client;
}
