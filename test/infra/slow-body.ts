// A request whose body trickles in: headers and a first few bytes go out on a raw socket, the
// rest never does (until the test says so). What the server answers, if anything, is kept.
import net from 'node:net';

export interface SlowBody {
  /** Everything the server has sent back so far. */
  received(): string;
  closed(): boolean;
  /** Resolves with the answer's status once one arrives (rejects after `ms`). */
  answer(ms: number): Promise<{ status: number; text: string }>;
  destroy(): void;
}

export async function openSlowBody(
  baseUrl: string,
  path: string,
  input: { headers: Record<string, string>; contentLength: number; firstBytes: string },
): Promise<SlowBody> {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  let closed = false;
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  socket.on('close', () => (closed = true));
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${new URL(baseUrl).host}`,
    `Content-Length: ${input.contentLength}`,
    ...Object.entries(input.headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head + input.firstBytes);
  return {
    received: () => received,
    closed: () => closed,
    async answer(ms) {
      const until = Date.now() + ms;
      while (!/\r\n\r\n/.test(received) || (!closed && !bodyComplete(received))) {
        if (Date.now() > until) throw new Error(`no answer within ${ms} ms (received ${JSON.stringify(received.slice(0, 200))})`);
        if (closed && !received) throw new Error('connection closed without an answer');
        await new Promise((r) => setTimeout(r, 50));
      }
      const [head, ...rest] = received.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), text: rest.join('\r\n\r\n') };
    },
    destroy: () => socket.destroy(),
  };
}

// A plain Content-Length answer is complete when that many bytes are in; chunked ends with 0\r\n\r\n.
function bodyComplete(received: string) {
  const [head, ...rest] = received.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  const length = head.match(/content-length:\s*(\d+)/i);
  if (length) return Buffer.byteLength(body, 'latin1') >= Number(length[1]);
  return /\r\n0\r\n\r\n$/.test(`\r\n${body}`);
}
