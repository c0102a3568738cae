import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signVariant, urlKeys, verifyVariant, type SignedVariant } from './variant-signature';
import { negotiateFormat } from './negotiate-format';
import { presetVersion, variantKey } from './presets';
import { smallestCandidate, srcset } from './srcset';

const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);
const base: SignedVariant = {
  imageId: '0b6f4a52-3c55-4c1b-9f5d-8c2f4f7e2a11',
  preset: 'md',
  format: 'auto',
  version: presetVersion('md'),
  expires: 1_900_000_000,
};

describe('variant URL signatures', () => {
  it('verifies what it signed and nothing changed', () => {
    const sig = signVariant([NEW], base);
    expect(verifyVariant([NEW], base, sig)).toBe(true);
    const tampered: Partial<SignedVariant>[] = [
      { imageId: '0b6f4a52-3c55-4c1b-9f5d-8c2f4f7e2a12' },
      { preset: 'lg' },
      { format: 'avif' },
      { format: 'jpeg' },
      { expires: 1_900_000_001 },
      { expires: null },
      { version: presetVersion('sm') },
    ];
    for (const change of tampered) expect(verifyVariant([NEW], { ...base, ...change }, sig), JSON.stringify(change)).toBe(false);
  });

  it('refuses a changed, truncated or non-canonical signature', () => {
    const sig = signVariant([NEW], base);
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    for (const bad of [flipped, sig.slice(0, -1), `${sig}A`, '', sig.slice(0, -1) + String.fromCharCode(sig.charCodeAt(sig.length - 1) ^ 1)]) {
      expect(verifyVariant([NEW], base, bad), bad).toBe(false);
    }
  });

  it('rotates: the first key signs, any listed key verifies, a removed key does not', () => {
    const keys = urlKeys(`${NEW}, ${OLD}`);
    expect(keys).toEqual([NEW, OLD]);
    const signedBefore = signVariant([OLD], base);
    expect(verifyVariant(keys, base, signedBefore)).toBe(true);
    expect(signVariant(keys, base)).toBe(signVariant([NEW], base));
    expect(verifyVariant([NEW], base, signedBefore)).toBe(false);
  });

  it('remembers signatures per key: a new first key signs afresh, also for fields signed before', () => {
    const independent = (key: string, v: SignedVariant) =>
      createHmac('sha256', key)
        .update(JSON.stringify(['imagedock-variant-v1', v.imageId, v.preset, v.format, v.version, v.expires]))
        .digest()
        .subarray(0, 16)
        .toString('base64url');
    expect(signVariant([OLD], base)).toBe(independent(OLD, base));
    expect(signVariant([OLD], base)).toBe(independent(OLD, base));
    const afterRotation = signVariant([NEW, OLD], base);
    expect(afterRotation).toBe(independent(NEW, base));
    expect(verifyVariant([NEW], base, afterRotation)).toBe(true);
    expect(verifyVariant([OLD], base, afterRotation)).toBe(false);
    // Past the bound, what is signed is still right (the first ones are signed again).
    for (let i = 0; i < 10_001; i++) signVariant([NEW], { ...base, expires: i });
    expect(signVariant([NEW], { ...base, expires: 0 })).toBe(independent(NEW, { ...base, expires: 0 }));
    expect(signVariant([NEW], base)).toBe(independent(NEW, base));
  });
});

describe('format negotiation', () => {
  it('prefers AVIF, then WebP, then the fallback; honours q=0; ignores wildcards', () => {
    expect(negotiateFormat('auto', 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8')).toBe('avif');
    expect(negotiateFormat('auto', 'image/webp,*/*')).toBe('webp');
    expect(negotiateFormat('auto', 'image/avif;q=0, image/webp;q=0.5')).toBe('webp');
    expect(negotiateFormat('auto', 'image/*,*/*')).toBe('fallback');
    expect(negotiateFormat('auto', null)).toBe('fallback');
    expect(negotiateFormat('jpeg', 'image/avif')).toBe('jpeg');
  });
});

describe('presets', () => {
  it('versions change with the focal point only for cropped presets', () => {
    expect(presetVersion('og', { x: 0.1, y: 0.9 })).not.toBe(presetVersion('og'));
    expect(presetVersion('md', { x: 0.1, y: 0.9 })).toBe(presetVersion('md'));
    expect(presetVersion('md')).not.toBe(presetVersion('sm'));
    expect(variantKey(base.imageId, 'md', 'abc', 'avif')).toBe(`variants/${base.imageId}/md-abc.avif`);
  });

  it('builds srcset narrowest first, one candidate per width', () => {
    const set = srcset([
      { url: 'b', width: 1280 },
      { url: 'a', width: 640 },
      { url: 'c', width: 1280 },
    ]);
    expect(set).toBe('a 640w, b 1280w');
    expect(smallestCandidate(set)).toBe('a');
  });
});
