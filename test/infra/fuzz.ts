// Seeded request generator for the fuzz test: odd ids, odd query strings, mutated JSON bodies
// (NULs, huge and odd numbers, deep nesting, wrong types), odd headers and credentials, drawn
// from fuzz-values.ts. The same seed gives the same requests, so a failure is replayed with
// FUZZ_SEED.
import Stripe from 'stripe';
import type { FuzzIds, FuzzRoute } from '../http/fuzz-routes';
import { AUTH_ACTIONS, AUTH_KINDS, type AuthKind, DEEP, ODD_HEADERS, ODD_IDS, ODD_STRINGS, ODD_VALUES, QUERY_KEYS } from './fuzz-values';

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence everywhere. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

export interface FuzzContext {
  baseUrl: string;
  ids: FuzzIds;
  cookie: string;
  /** A second user's cookie, for better-auth's own endpoints (sign-out would end the first's session). */
  authCookie: string;
  apiKey: string;
  cronSecret: string;
  webhookSecret: string;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  auth: AuthKind;
}

function pathFor(route: FuzzRoute, rng: Rng, ids: FuzzIds) {
  return route.path.replace(/:(\w+)|\*/g, (match, name: string | undefined) => {
    const kind = route.params?.[name ?? '*'];
    if (route.path.startsWith('/api/auth/')) return rng() < 0.8 ? pick(rng, AUTH_ACTIONS) : pick(rng, ODD_IDS);
    if (!kind) return match;
    if (rng() < 0.6) return kind === 'storageKey' ? ids[kind] : encodeURIComponent(ids[kind]);
    return pick(rng, ODD_IDS);
  });
}

function queryFor(route: FuzzRoute, rng: Rng, ids: FuzzIds) {
  const params = new URLSearchParams(route.query?.(ids) ?? {});
  for (const key of [...params.keys()]) if (rng() < 0.3) params.set(key, String(pick(rng, ODD_STRINGS)));
  if (rng() < 0.4) params.append(pick(rng, QUERY_KEYS), String(pick(rng, ODD_STRINGS)));
  if (rng() < 0.15)
    params.append(
      pick(rng, QUERY_KEYS),
      encodeURIComponent(Buffer.from(JSON.stringify({ p: pick(rng, ODD_VALUES), c: pick(rng, ODD_STRINGS), i: pick(rng, ODD_STRINGS) })).toString('base64url')),
    );
  const text = params.toString();
  return text ? `?${text}${rng() < 0.1 ? '&%zz&=&&a[]=1' : ''}` : '';
}

function mutate(value: unknown, rng: Rng, depth = 0): unknown {
  if (rng() < 0.12 || depth > 4) return pick(rng, ODD_VALUES);
  if (Array.isArray(value)) {
    const copy = [...value];
    const op = rng();
    if (op < 0.4 && copy.length > 0) copy[Math.floor(rng() * copy.length)] = mutate(copy[0], rng, depth + 1);
    else if (op < 0.6) copy.push(pick(rng, ODD_VALUES));
    else if (op < 0.7) return [];
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const ops = 1 + Math.floor(rng() * 2);
    for (let i = 0; i < ops; i++) {
      const op = rng();
      if (op < 0.55 && keys.length > 0) {
        const key = pick(rng, keys);
        copy[key] = mutate(copy[key], rng, depth + 1);
      } else if (op < 0.7 && keys.length > 0) {
        delete copy[pick(rng, keys)];
      } else if (op < 0.9) {
        copy[pick(rng, ['extra', '__proto__', 'constructor', 'a\u0000b', '', 'id', 'userId', 'status'])] = pick(rng, ODD_VALUES);
      }
    }
    return copy;
  }
  return rng() < 0.7 ? pick(rng, ODD_VALUES) : value;
}

function deep(rng: Rng) {
  const n = pick(rng, [40, 1000, 10_000, 50_000]);
  return rng() < 0.5 ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
}

function rawBody(rng: Rng): string {
  return pick(rng, [
    '',
    '{',
    'null',
    '[]',
    '"str"',
    '12',
    'true',
    '{"a":1}{"b":2}',
    '\ufeff{}',
    '\u0000',
    '{"x":"\\ud800"}',
    '{"x":"\\u0000"}',
    `{"k":"${'y'.repeat(200_000)}"}`,
    'a=1&b=2',
    '<xml/>',
    '{"__proto__":{"isAdmin":true}}',
    deep(rng),
  ]);
}

function bodyFor(route: FuzzRoute, rng: Rng, ids: FuzzIds): string | undefined {
  if (!route.body) return rng() < 0.1 && route.method !== 'GET' && route.method !== 'HEAD' ? rawBody(rng) : undefined;
  if (rng() < 0.15) return rawBody(rng);
  const base = route.body(ids);
  const value = rng() < 0.1 ? base : mutate(base, rng);
  const text = typeof value === 'string' && typeof base === 'string' ? value : (JSON.stringify(value) ?? 'null');
  return text.split(`"${DEEP}"`).join(deep(rng));
}

export function fuzzRequest(route: FuzzRoute, rng: Rng, ctx: FuzzContext): FuzzRequest {
  const isAuthRoute = route.path.startsWith('/api/auth/');
  const auth = pick(rng, AUTH_KINDS);
  const headers: Record<string, string> = {};
  if (auth === 'cookie' || auth === 'foreignOrigin') {
    headers.cookie = isAuthRoute ? ctx.authCookie : ctx.cookie;
    headers.origin = auth === 'cookie' ? ctx.baseUrl : 'https://evil.example';
  } else if (auth === 'apiKey') {
    headers.authorization = `Bearer ${ctx.apiKey}`;
  } else if (auth === 'cron') {
    headers.authorization = `Bearer ${ctx.cronSecret}`;
  } else if (auth === 'badBearer') {
    headers.authorization = `Bearer ${pick(rng, ['idk_nope', 'x', ctx.apiKey.slice(0, -2), `${ctx.cronSecret}x`])}`;
  }
  const body = route.method === 'GET' || route.method === 'HEAD' ? undefined : bodyFor(route, rng, ctx.ids);
  if (body !== undefined) headers['content-type'] = route.method === 'PUT' ? 'image/png' : 'application/json';
  if (route.path === '/api/webhooks/payment' && body !== undefined && rng() < 0.7) {
    // Most webhook bodies are correctly signed, so the event handling is fuzzed, not just the check.
    headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: ctx.webhookSecret,
      timestamp: Math.floor(Date.now() / 1000),
    });
  }
  const extra = rng() < 0.35 ? 1 + Math.floor(rng() * 2) : 0;
  for (let i = 0; i < extra; i++) {
    const [name, value] = pick(rng, ODD_HEADERS);
    headers[name] = value;
  }
  return { method: route.method, url: `${ctx.baseUrl}${pathFor(route, rng, ctx.ids)}${queryFor(route, rng, ctx.ids)}`, headers, body, auth };
}
