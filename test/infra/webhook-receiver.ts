// A webhook receiver on loopback, as a service would run one: every request is verified with
// the `standardwebhooks` library against the secrets the test gives it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { pollUntil } from './poll';

interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  event: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the receiver's secrets verified this request (empty: none did). */
  verifiedBy: string[];
}

export interface Receiver {
  url: string;
  received: Received[];
  secrets: string[];
  /** Status (and headers) for the next request; default 200. */
  respond: (req: http.IncomingMessage, n: number) => { status: number; headers?: Record<string, string>; body?: string };
  waitFor(predicate: (all: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = {
    received: [] as Received[],
    secrets: [] as string[],
    respond: (() => ({ status: 200 })) as Receiver['respond'],
  } as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const verifiedBy = receiver.secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      let event: Received['event'];
      try {
        event = JSON.parse(body);
      } catch {
        event = { type: 'unparseable', timestamp: '', data: {} };
      }
      receiver.received.push({
        path: req.url ?? '/',
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        event,
        verifiedBy,
      });
      const answer = receiver.respond(req, receiver.received.length);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.waitFor = async (predicate, timeoutMs = 20_000) => {
    await pollUntil(
      () => receiver.received.map((r) => [r.id, r.event.type]),
      () => predicate(receiver.received),
      { what: 'receiver: condition', timeoutMs, intervalMs: 20 },
    );
    return receiver.received;
  };
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
