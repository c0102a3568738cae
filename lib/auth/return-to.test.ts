import { describe, expect, it } from 'vitest';
import { authPageFor, safeReturnPath, signInFor } from './return-to';

describe('safeReturnPath', () => {
  it('keeps a path on this site with its query', () => {
    expect(safeReturnPath('/listings/abc')).toBe('/listings/abc');
    expect(safeReturnPath('/listings/new?session=sess_1_a')).toBe('/listings/new?session=sess_1_a');
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'listings',
    '/a\nb',
    '/\tx',
    '',
    null,
    42,
    '/x'.repeat(1500),
  ])('sends %j home', (next) => expect(safeReturnPath(next)).toBe('/'));

  it('builds the sign-in address only for somewhere worth returning to', () => {
    expect(signInFor('/settings/keys')).toBe('/sign-in?next=%2Fsettings%2Fkeys');
    expect(signInFor('/')).toBe('/sign-in');
    expect(signInFor(null)).toBe('/sign-in');
    expect(signInFor('//evil.example')).toBe('/sign-in');
  });

  it('passes a same-site return-to between sign-in and sign-up, and nothing else', () => {
    expect(authPageFor('/sign-up', '/listings/new?session=sess_1_a')).toBe('/sign-up?next=%2Flistings%2Fnew%3Fsession%3Dsess_1_a');
    expect(authPageFor('/sign-in', '/settings/keys')).toBe('/sign-in?next=%2Fsettings%2Fkeys');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', null]) expect(authPageFor('/sign-up', bad)).toBe('/sign-up');
  });
});
