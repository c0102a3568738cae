// Over HTTP against `next start`: a request answered before its body was read (refused, rate
// limited, not found) must leave its keep-alive connection usable. Browsers and HTTP clients
// send the next request on the same connection; a connection whose rest of body was never
// drained stalls it until the keep-alive timeout resets it (the fuzz test found this on
// /api/auth/*). Each case runs on an agent with one socket, then asks again on that agent.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../infra/app';
import { signUp, type Client } from '../infra/client';

function requestOn(agent: http.Agent, url: string, options: { method: string; headers?: Record<string, string>; body?: Buffer }) {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(url, { agent, method: options.method, headers: options.headers, signal: AbortSignal.timeout(20_000) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const bigBody = (bytes: number) => Buffer.alloc(bytes, '{"a":');

describe('keep-alive connections after an early answer, on PGlite + local disk', () => {
  let app: RunningApp;
  let alice: Client;

  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local' });
    alice = await signUp(app.url);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const cases: { name: string; method: string; path: string; signedIn?: boolean; contentType?: string; expected: number; sizes?: number[] }[] = [
    {
      name: 'a method better-auth does not serve',
      method: 'PUT',
      path: '/api/auth/send-verification-email',
      signedIn: true,
      contentType: 'image/png',
      expected: 404,
    },
    { name: 'the API-key plugin path we hide', method: 'PATCH', path: '/api/auth/api-key/update', contentType: 'application/json', expected: 404 },
    { name: 'a foreign origin on /api/auth', method: 'POST', path: '/api/auth/sign-in/email', contentType: 'application/json', expected: 403 },
    { name: 'a confirm without a session', method: 'POST', path: '/api/uploads/confirm', contentType: 'application/json', expected: 401 },
    {
      name: 'a body over the JSON cap',
      method: 'POST',
      path: '/api/uploads/prepare',
      signedIn: true,
      contentType: 'application/json',
      expected: 413,
      sizes: [2_000_000],
    },
  ];

  for (const testCase of cases) {
    for (const bytes of testCase.sizes ?? [300_000, 2_000_000]) {
      it(`${testCase.name} (${testCase.expected}, ${bytes} bytes unread): the next request on the connection is answered`, async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const headers: Record<string, string> = { 'content-type': testCase.contentType ?? 'application/json', origin: app.url };
          if (testCase.signedIn) headers.cookie = alice.cookie;
          if (testCase.expected === 403) headers.origin = 'http://elsewhere.example';
          const first = await requestOn(agent, `${app.url}${testCase.path}`, { method: testCase.method, headers, body: bigBody(bytes) });
          expect(first).toBe(testCase.expected);
          // Twice: the connection that carried the refused body, and the one after it.
          for (let i = 0; i < 2; i++) {
            const next = await requestOn(agent, `${app.url}/api/auth/get-session`, { method: 'GET', headers: { cookie: alice.cookie } });
            expect(next).toBe(200);
          }
        } finally {
          agent.destroy();
        }
      });
    }
  }
});
