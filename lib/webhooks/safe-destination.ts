// Where a webhook may go: http(s) only, and never to this machine or a private network
// (SSRF), unless WEBHOOK_ALLOW_PRIVATE=true. Checked when an endpoint is created and again
// for every connection, against what the name resolves to then (DNS rebinding): the socket
// connects to the address that was checked.
import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '@/lib/http/errors';

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** True for loopback, private, link-local, unique-local, CGNAT, multicast, unspecified and reserved addresses. */
export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const embedded = embeddedIpv4(address);
  if (embedded) return blocked.check(embedded, 'ipv4');
  return blocked.check(address, 'ipv6');
}

// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) addresses
// reach the IPv4 address inside them.
function embeddedIpv4(address: string): string | null {
  const words = expandIpv6(address);
  if (!words) return null;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  const mapped = zeros(0, 5) && words[5] === 0xffff;
  const compatible = zeros(0, 6) && (words[6] !== 0 || words[7] > 1);
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !compatible && !nat64) return null;
  return [words[6] >> 8, words[6] & 255, words[7] >> 8, words[7] & 255].join('.');
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0];
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const parts = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((parts[0] << 8) | parts[1]).toString(16)}:${((parts[2] << 8) | parts[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = text.includes('::') ? 8 - left.length - right.length : 0;
  const words = [...left, ...Array(fill).fill('0'), ...right].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => w >= 0 && w <= 0xffff) ? words : null;
}

/** A URL's host without IPv6 brackets. */
export function hostOf(url: URL) {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Creation-time check: the URL's shape, and every address its name resolves to now. */
export async function assertSafeDestination(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_request', 'url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('bad_request', 'url must use http or https');
  if (url.username || url.password) throw new AppError('bad_request', 'url must not carry a user name or password');
  if (allowPrivate) return url;
  const host = hostOf(url);
  const addresses = net.isIP(host) ? [host] : await resolveAll(host);
  const refused = addresses.find(isBlockedAddress);
  if (refused) throw new AppError('bad_request', `url resolves to ${refused}, a private or loopback address; webhooks go to public addresses only`);
  return url;
}

async function resolveAll(host: string) {
  try {
    return (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    throw new AppError('bad_request', `url's host ${host} could not be resolved`);
  }
}

export class BlockedDestinationError extends Error {
  readonly code = 'EBLOCKEDDESTINATION';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves every address, refuses the connection if any is
 * blocked, and hands the socket only checked addresses (Node connects to what it is given).
 */
export function checkedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, { all: true, verbatim: true, family: options.family }, (err, addresses) => {
    if (err) return callback(err, '');
    const refused = addresses.find((a) => isBlockedAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(new BlockedDestinationError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, a private or loopback address`), '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
