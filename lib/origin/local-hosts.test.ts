import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostnameOf, isLocalHost, servedAddresses } from './local-hosts';

describe('local hosts', () => {
  it('reads hostnames from Host header values', () => {
    expect(hostnameOf('localhost:3000')).toBe('localhost');
    expect(hostnameOf('[::1]:3000')).toBe('::1');
    expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostnameOf('Example.COM:80')).toBe('example.com');
    expect(hostnameOf('a b')).toBeNull();
    expect(hostnameOf('evil.com/path')).toBeNull();
    expect(hostnameOf('[::1')).toBeNull();
  });

  it('accepts this machine and nothing else', () => {
    for (const host of ['localhost:3000', 'LOCALHOST', 'app.localhost:3000', '127.0.0.1:3000', '127.1.2.3', '[::1]:3000', `${os.hostname()}:3000`]) {
      expect(isLocalHost(host), host).toBe(true);
    }
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && !a.internal);
    if (lan) expect(isLocalHost(lan.family === 'IPv6' ? `[${lan.address}]:3000` : `${lan.address}:3000`)).toBe(true);
    for (const host of ['evil.example:3000', 'localhost.evil.example', '127.0.0.1.evil.example', '10.255.255.254', '[2001:db8::1]:3000', '']) {
      expect(isLocalHost(host), host).toBe(false);
    }
  });

  it("lists what to open: APP_URL alone when set, else this machine's addresses", () => {
    expect(servedAddresses('https://images.example.com', 3000)).toEqual(['https://images.example.com']);
    const served = servedAddresses(undefined, 3000);
    expect(served).toEqual(expect.arrayContaining(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']));
    expect(served.every((url) => new URL(url).port === '3000')).toBe(true);
  });
});
