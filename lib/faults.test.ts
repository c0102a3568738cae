import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { resetProcessWide } from '@/lib/process-wide';
import { failAt, InjectedFault } from './faults';

const original = { ...process.env };
afterEach(() => {
  process.env = { ...original };
  resetEnvCache();
  resetProcessWide('failureHits');
});

function configure(vars: Record<string, string>) {
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { DATA_DIR: '/tmp/imagedock-faults-test', BETTER_AUTH_SECRET: 'x'.repeat(40), ...vars });
  resetEnvCache();
}

describe('failAt', () => {
  it('fails only the Nth time a point is reached', () => {
    configure({ IMAGEDOCK_TEST_HARNESS: '1', IMAGEDOCK_FAILPOINTS: 'promote:after-copy:2' });
    expect(() => failAt('promote:after-copy')).not.toThrow();
    expect(() => failAt('promote:after-copy')).toThrow(InjectedFault);
    expect(() => failAt('promote:after-copy')).not.toThrow();
    expect(() => failAt('promote:before-commit')).not.toThrow();
  });

  it('fails every time without a count', () => {
    configure({ IMAGEDOCK_TEST_HARNESS: '1', IMAGEDOCK_FAILPOINTS: 'generated:after-put' });
    expect(() => failAt('generated:after-put')).toThrow(/injected fault at generated:after-put/);
    expect(() => failAt('generated:after-put')).toThrow(InjectedFault);
  });

  it('is a no-op with nothing configured', () => {
    configure({});
    expect(() => failAt('promote:after-copy')).not.toThrow();
  });
});
