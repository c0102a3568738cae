import { describe, expect, it } from 'vitest';
import { checkName } from './user-name';

describe('checkName', () => {
  it('trims, and bounds the length', () => {
    expect(checkName('  Ada Lovelace  ')).toEqual({ ok: true, name: 'Ada Lovelace' });
    expect(checkName('é'.repeat(100))).toEqual({ ok: true, name: 'é'.repeat(100) });
    expect(checkName('x'.repeat(101))).toMatchObject({ ok: false, message: expect.stringContaining('at most 100') });
    expect(checkName('x'.repeat(100_000))).toMatchObject({ ok: false });
  });

  it('refuses empty names, control characters and non-strings', () => {
    for (const name of ['', '   ', 'A\u0000B', 'line\nbreak', 42, null, undefined]) expect(checkName(name).ok).toBe(false);
  });
});
