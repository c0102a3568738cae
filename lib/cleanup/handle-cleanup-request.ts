// POST /api/cleanup/temp-images actions mapped onto the one engine.
import type { DatabaseHandle } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { runCleanup } from './run-cleanup';
import { listTempImages } from './list-temp-images';
import type { CleanupRequest } from './schemas';

export async function handleCleanupRequest(handle: DatabaseHandle, storage: StorageDriver, request: CleanupRequest, trigger: 'api' | 'admin') {
  switch (request.action) {
    case 'list': {
      const { images, total } = await listTempImages(storage);
      return { found: total, deleted: 0, failed: 0, dryRun: true, images };
    }
    case 'cleanup-old':
      return runCleanup(handle, storage, { trigger, action: 'cleanup-old', hoursOld: request.hoursOld, dryRun: request.dryRun ?? false });
    case 'delete-session':
      return runCleanup(handle, storage, { trigger, action: 'delete-session', uploadSessionId: request.uploadSessionId, dryRun: request.dryRun ?? false });
    case 'delete-all':
      return runCleanup(handle, storage, { trigger, action: 'delete-all', dryRun: request.dryRun ?? false });
  }
}
