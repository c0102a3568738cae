// Which storage this process uses, from configuration: S3 when S3_* is set, else the local
// disk under DATA_DIR. Types only from the drivers, so reading the configuration loads
// neither of them.
import path from 'node:path';
import { env } from '../env';
import { linkOrigin } from '../origin/request-origin';
import type { StorageDriver } from './driver';
import type { LocalStorageOptions } from './local';
import type { S3StorageOptions } from './s3';

export type StorageConfig = ({ kind: 'local' } & LocalStorageOptions) | ({ kind: 's3' } & S3StorageOptions);

export function storageConfigFromEnv(): StorageConfig {
  const e = env();
  if (e.storageMode === 'local') {
    return { kind: 'local', root: path.join(e.dataDir, 'storage'), baseUrl: e.APP_URL ?? linkOrigin, secret: e.BETTER_AUTH_SECRET };
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

/** The driver for `config`, loading only its own code: the CLIs on local disk skip the S3 SDK (~20 MB). */
export async function openStorage(config: StorageConfig): Promise<StorageDriver> {
  if (config.kind === 'local') return new (await import('./local')).LocalStorageDriver(config);
  return new (await import('./s3')).S3StorageDriver(config);
}
