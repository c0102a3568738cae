// The server's storage driver, chosen by configuration (config.ts): one per process, whichever
// bundle asks first (one S3 client, one key derivation).
import { processWide } from '@/lib/process-wide';
import { storageConfigFromEnv, type StorageConfig } from './config';
import type { StorageDriver } from './driver';
import { LocalStorageDriver } from './local';
import { S3StorageDriver } from './s3';

function createStorage(config: StorageConfig): StorageDriver {
  return config.kind === 'local' ? new LocalStorageDriver(config) : new S3StorageDriver(config);
}

export function getStorage(): StorageDriver {
  return processWide('storage', () => createStorage(storageConfigFromEnv()));
}
