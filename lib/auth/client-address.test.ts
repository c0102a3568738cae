import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, clientAddress, installClientAddressStamp, resolveClientAddress } from './client-address';

describe('resolveClientAddress', () => {
  it('without trusted proxies is the socket address, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6', 0)).toBe('127.0.0.1');
    expect(resolveClientAddress('::ffff:10.1.2.3', undefined, 0)).toBe('10.1.2.3');
  });

  it('with n trusted hops is the entry n from the right', () => {
    expect(resolveClientAddress('10.0.0.1', '1.1.1.1, 2.2.2.2, 3.3.3.3', 1)).toBe('3.3.3.3');
    expect(resolveClientAddress('10.0.0.1', '1.1.1.1, 2.2.2.2, 3.3.3.3', 2)).toBe('2.2.2.2');
    expect(resolveClientAddress('10.0.0.1', '2001:DB8::1', 1)).toBe('2001:db8::1');
  });

  it('stops at the end of the chain or at an entry that is not an address', () => {
    expect(resolveClientAddress('10.0.0.1', '3.3.3.3', 3)).toBe('3.3.3.3');
    expect(resolveClientAddress('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', '1.1.1.1, not-an-ip, 3.3.3.3', 3)).toBe('3.3.3.3');
  });

  it('drops the ports some proxies append', () => {
    expect(resolveClientAddress('10.0.0.1', '4.4.4.4:5123', 1)).toBe('4.4.4.4');
    expect(resolveClientAddress('10.0.0.1', '[2001:db8::2]:443', 1)).toBe('2001:db8::2');
  });
});

describe('the stamp at the HTTP server', () => {
  it('overwrites a forged stamp with the socket address, and is the only stamp believed', async () => {
    installClientAddressStamp(0);
    let seen: string | null = null;
    const server = http.createServer((req, res) => {
      const headers = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      seen = clientAddress(headers, 0);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6', [CLIENT_ADDRESS_HEADER]: 'anything 6.6.6.6' } });
      expect(seen).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Headers that did not pass through the stamp (forged, or from before it was installed).
    const forged = new Headers({ [CLIENT_ADDRESS_HEADER]: 'anything 6.6.6.6', 'x-forwarded-for': '6.6.6.6, 7.7.7.7' });
    expect(clientAddress(forged, 0)).toBeNull();
    // Behind a trusted proxy, what it appended is believed even without a stamp.
    expect(clientAddress(forged, 1)).toBe('7.7.7.7');
  });
});
