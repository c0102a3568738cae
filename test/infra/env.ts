// Configuration a suite runs under: set before its tests, put back after, with lib/env's cache
// reset both times so the app code reads it.
import { afterAll, beforeAll } from 'vitest';
import { resetEnvCache } from '@/lib/env';

export function withEnv(vars: Record<string, string>) {
  const before: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(vars)) {
      before[name] = process.env[name];
      process.env[name] = value;
    }
    resetEnvCache();
  });
  afterAll(() => {
    for (const name of Object.keys(vars)) {
      if (before[name] === undefined) delete process.env[name];
      else process.env[name] = before[name];
    }
    resetEnvCache();
  });
}
