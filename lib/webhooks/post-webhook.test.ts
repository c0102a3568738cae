// One attempt against loopback servers that close connections the way real receivers do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from './post-webhook';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, nthOnSocket: number) => void;

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A receiver counting connections and requests; `handle` is told the request's number on its socket. */
async function receiver(handle: Handler) {
  const seen = { connections: 0, requests: 0 };
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    seen.requests++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    handle(req, res, n);
  });
  server.on('connection', () => seen.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
}

const post = (url: string) => postWebhook({ url, headers: { 'webhook-id': 'msg_1' }, body: '{"type":"image.uploaded"}', allowPrivate: true });

describe('postWebhook', () => {
  it('sends once more on a new connection when a kept-alive socket turns out to be closed', async () => {
    // The second request on a connection finds it gone: what a receiver's keep-alive timeout does
    // to an idle pooled socket just as it is reused.
    const { url, seen } = await receiver((req, res, n) => {
      if (n > 1) return req.socket.destroy();
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    expect(await post(url)).toEqual({ ok: true, status: 204 });
    expect(await post(url)).toEqual({ ok: true, status: 204 });
    expect(seen).toEqual({ connections: 2, requests: 3 });
  });

  it('gives up on a receiver that does not answer in time, and counts it a failure', async () => {
    const silent = await receiver((req) => req.resume()); // reads the request, never answers
    const result = await postWebhook({ url: silent.url, headers: {}, body: '{}', allowPrivate: true, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, status: null, error: 'no answer within 0.3 s' });
    expect(silent.seen.requests).toBe(1);
  });

  it('does not send again when a new connection is reset, or after an answer', async () => {
    const reset = await receiver((req) => req.socket.destroy());
    const result = await post(reset.url);
    expect(result).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/^ECONNRESET/) });
    expect(reset.seen.requests).toBe(1);

    const failing = await receiver((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(500).end('down'));
    });
    expect(await post(failing.url)).toEqual({ ok: false, status: 500, error: 'HTTP 500: down' });
    expect(await post(failing.url)).toEqual({ ok: false, status: 500, error: 'HTTP 500: down' });
    expect(failing.seen).toEqual({ connections: 1, requests: 2 });
  });
});
