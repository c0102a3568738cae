// The server's storage driver, chosen by configuration (config.ts). Kept on globalThis
// because Next evaluates modules once per route entry, and one driver (one S3 client, one
// key derivation) is enough.
import { storageConfigFromEnv, type StorageConfig } from './config';
import type { StorageDriver } from './driver';
import { LocalStorageDriver } from './local';
import { S3StorageDriver } from './s3';

function createStorage(config: StorageConfig): StorageDriver {
  return config.kind === 'local' ? new LocalStorageDriver(config) : new S3StorageDriver(config);
}

const cache = globalThis as unknown as { __imagedockStorage?: StorageDriver };

export function getStorage(): StorageDriver {
  cache.__imagedockStorage ??= createStorage(storageConfigFromEnv());
  return cache.__imagedockStorage;
}
