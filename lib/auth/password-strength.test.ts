import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-strength';

describe('checkPassword', () => {
  it('refuses the passwords the review found accepted, saying why', async () => {
    for (const password of ['password', '12345678', '        ', 'short']) {
      expect(await checkPassword(password)).toMatchObject({ code: 'PASSWORD_TOO_SHORT', message: expect.stringContaining('at least 10 characters') });
    }
    expect(await checkPassword('password1234')).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: expect.stringMatching(/commonly used|most used/) });
    expect(await checkPassword('1234567890')).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    expect(await checkPassword('          ')).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: expect.stringContaining('repeated') });
    expect(await checkPassword('qwertyuiop')).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
  });

  it('refuses a password made of the user’s own name or address', async () => {
    expect(await checkPassword('ada.lovelace1', ['ada.lovelace@example.com', 'Ada Lovelace'])).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    expect(await checkPassword('AdaLovelace1', ['someone@example.com', 'Ada Lovelace'])).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    expect(await checkPassword('ada.lovelace1', [])).toBeNull();
  });

  it('accepts long unrelated words and random strings, and refuses what is over the limit', async () => {
    expect(await checkPassword('correct horse battery')).toBeNull();
    expect(await checkPassword('bh37-KsQ9-pz2x')).toBeNull();
    expect(await checkPassword('x'.repeat(129))).toMatchObject({ code: 'PASSWORD_TOO_LONG' });
  });
});
