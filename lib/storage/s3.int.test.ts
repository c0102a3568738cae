// The storage contract against a real S3-compatible server (test/infra/s3.ts), plus what
// only the S3 driver can show: the conditional copy header goes out, outages map to
// 'unavailable'.
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../test/infra/ports';
import { storageContract } from './driver.contract';
import { S3StorageDriver } from './s3';

const s3 = inject('s3');
if (!s3) console.warn('S3 storage tests skipped: no S3 test server (CI=true makes this an error)');

const makeDriver = () => new S3StorageDriver({ ...s3!, forcePathStyle: true });

describe.skipIf(!s3)('S3 storage driver', () => {
  storageContract('s3', async () => ({ driver: makeDriver() }));

  it('copy sends CopySourceIfMatch and an encoded CopySource (the test server cannot enforce it)', async () => {
    const driver = makeDriver();
    const sent: Record<string, string>[] = [];
    driver.client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers?.['x-amz-copy-source']) sent.push({ ...request.headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureCopyHeaders' },
    );
    const from = `s3-only-${Date.now()}/source.txt`;
    const { etag } = await driver.put({ key: from, body: Buffer.from('x'), contentType: 'text/plain' });
    await driver.copy({ from, to: `${from}.copy`, ifMatch: etag! });
    expect(sent).toHaveLength(1);
    expect(sent[0]['x-amz-copy-source-if-match']).toBe(etag);
    expect(sent[0]['x-amz-copy-source']).toBe(`${s3!.bucket}/${from}`);
    await driver.deleteMany([from, `${from}.copy`]);
  });

  it('an unreachable server is "unavailable", for ping and for reads', async () => {
    const port = await freePort();
    const down = new S3StorageDriver({ ...s3!, endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true });
    await expect(down.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(down.head('any/key.png')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
