// The service API as a generator calls it: an API key for a signed-in user, and
// POST /api/images with that key (the hardening suites send it malformed bodies too).
import type { RunningApp } from './app';
import type { Client } from './client';

export async function apiKeyFor(client: Client) {
  return (await client.json<{ id: string; key: string }>('/api/keys', { name: 'generator' })).body.key;
}

/** `body` as JSON, or as it is when already a string (crafted, possibly invalid, JSON). */
export function postGenerated(app: RunningApp, key: string, body: unknown) {
  return fetch(`${app.url}/api/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}
