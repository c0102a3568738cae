// The process's storage driver, chosen by configuration: S3 when S3_* is set, else the
// local disk under DATA_DIR. Kept on globalThis because Next evaluates modules once per
// route entry, and one driver (one S3 client, one key derivation) is enough.
import path from 'node:path';
import { env } from '../env';
import type { StorageDriver } from './driver';
import { LocalStorageDriver, type LocalStorageOptions } from './local';
import { S3StorageDriver, type S3StorageOptions } from './s3';

export type StorageConfig = ({ kind: 'local' } & LocalStorageOptions) | ({ kind: 's3' } & S3StorageOptions);

export function createStorage(config: StorageConfig): StorageDriver {
  return config.kind === 'local' ? new LocalStorageDriver(config) : new S3StorageDriver(config);
}

export function storageConfigFromEnv(): StorageConfig {
  const e = env();
  if (e.storageMode === 'local') {
    return { kind: 'local', root: path.join(e.dataDir, 'storage'), baseUrl: e.APP_URL, secret: e.BETTER_AUTH_SECRET };
  }
  // env() has already refused S3 mode without a bucket and credentials.
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION ?? 'us-east-1',
    bucket: e.S3_BUCKET!,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

const cache = globalThis as unknown as { __imagedockStorage?: StorageDriver };

export function getStorage(): StorageDriver {
  cache.__imagedockStorage ??= createStorage(storageConfigFromEnv());
  return cache.__imagedockStorage;
}
