// The set-up most HTTP suites share: one describe per app configuration this run can start
// (PGlite + local disk always; PostgreSQL + S3 when both servers are up), the built app
// started once for it, its storage, and users signed up; the app stops after the suite.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { APP_CONFIGS, startApp, storageOf, type RunningApp } from './app';
import { signUp, type Client } from './client';

export type AppConfig = (typeof APP_CONFIGS)[number];

export interface AppSuite {
  app: RunningApp;
  storage: StorageDriver;
  /** `options.users` users, signed up in parallel. */
  users: Client[];
}

interface SuiteOptions {
  users?: number;
  /** Extra environment for the app, per configuration. */
  env?: (config: AppConfig) => Record<string, string>;
}

/** Whether this run can start `config` (PostgreSQL and Ceph RGW may be missing outside CI). */
export const canStart = (config: AppConfig) => config.database === 'pglite' || Boolean(inject('pgAdminUrl') && inject('s3'));

/**
 * `describe(\`${title} on ${config.name}\`)` for each configuration that can start. `suite` is
 * filled in before the body's own beforeAll hooks run (they are registered after this one).
 */
export function describeApp(title: string, options: SuiteOptions, body: (suite: AppSuite, config: AppConfig) => void) {
  for (const config of APP_CONFIGS) {
    describe.runIf(canStart(config))(`${title} on ${config.name}`, () => {
      const suite = {} as AppSuite;
      beforeAll(async () => {
        suite.app = await startApp({
          database: config.database,
          storage: config.storage,
          pgAdminUrl: inject('pgAdminUrl'),
          s3: inject('s3'),
          env: options.env?.(config),
        });
        suite.storage = await storageOf(suite.app);
        suite.users = await Promise.all(Array.from({ length: options.users ?? 0 }, () => signUp(suite.app.url)));
      });
      afterAll(async () => suite.app?.stop());
      body(suite, config);
    });
  }
}
