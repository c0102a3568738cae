import { describe, expect, it } from 'vitest';
import { assertSafeDestination, isBlockedAddress } from './safe-destination';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '::127.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isBlockedAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2001:4860:4860::8888'])('allows %s', (address) =>
    expect(isBlockedAddress(address)).toBe(false),
  );
});

describe('assertSafeDestination', () => {
  it('takes only absolute http(s) URLs without credentials', async () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', '/relative', 'https://user:pw@example.com/']) {
      await expect(assertSafeDestination(url, true), url).rejects.toMatchObject({ code: 'bad_request' });
    }
    await expect(assertSafeDestination('http://127.0.0.1:9/hook', true)).resolves.toBeInstanceOf(URL);
  });

  it('refuses private, loopback and link-local destinations, by literal or by name', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost:3000/',
      'http://10.0.0.5/',
      'http://0x7f000001/',
    ]) {
      await expect(assertSafeDestination(url, false), url).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(/private or loopback|could not be resolved/),
      });
    }
  });

  it('refuses a name that does not resolve', async () => {
    await expect(assertSafeDestination('https://no-such-host.invalid/hook', false)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('could not be resolved'),
    });
  });

  it('accepts a public address literal', async () => {
    await expect(assertSafeDestination('https://93.184.216.34/hook', false)).resolves.toBeInstanceOf(URL);
  });
});
