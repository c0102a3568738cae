// The service API as a generator calls it: an API key for a signed-in user, and
// POST /api/images with that key (the hardening suites send it malformed bodies too).
import type { RunningApp } from './app';
import type { Client } from './client';

/** A new API key of the user's: its id (to revoke or look up) and the key itself. */
export async function createApiKey(client: Client, name = 'generator') {
  const res = await client.json<{ id: string; key: string }>('/api/keys', { name });
  if (res.status !== 201) throw new Error(`create key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function apiKeyFor(client: Client) {
  return (await createApiKey(client)).key;
}

/** `body` as JSON, or as it is when already a string (crafted, possibly invalid, JSON). */
export function postGenerated(app: RunningApp, key: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}
