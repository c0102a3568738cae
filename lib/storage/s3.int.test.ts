// The storage contract against Ceph RGW (test/infra/s3.ts), plus what only the S3 driver can
// show: the conditional copy header still goes out, the store alone would copy stale bytes
// (so the driver's own ETag check is what refuses them), outages map to 'unavailable'.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../test/infra/ports';
import { storageContract } from './driver.contract';
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { S3StorageDriver } from './s3';

const s3 = inject('s3');
if (!s3) console.warn('S3 storage tests skipped: no Ceph RGW in this run (CI=true makes this an error)');

const makeDriver = () => new S3StorageDriver({ ...s3!, forcePathStyle: true });

describe.skipIf(!s3)('S3 storage driver', () => {
  storageContract('s3', async () => ({ driver: makeDriver() }));

  it('copy sends CopySourceIfMatch and an encoded CopySource', async () => {
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

  it('the store by itself copies despite a stale CopySourceIfMatch, which is why the driver checks', async () => {
    const driver = makeDriver();
    const from = `s3-only-${Date.now()}/overwritten.txt`;
    const { etag: pinned } = await driver.put({ key: from, body: Buffer.from('version 1'), contentType: 'text/plain' });
    await driver.put({ key: from, body: Buffer.from('version 2'), contentType: 'text/plain' });
    // Straight through the SDK, without the driver's check.
    await driver.client.send(
      new CopyObjectCommand({ Bucket: s3!.bucket, Key: `${from}.raw`, CopySource: `${s3!.bucket}/${from}`, CopySourceIfMatch: pinned! }),
    );
    expect((await driver.read(`${from}.raw`)).toString()).toBe('version 2');
    // Through the driver: refused, and nothing is left at the target.
    await expect(driver.copy({ from, to: `${from}.checked`, ifMatch: pinned! })).rejects.toMatchObject({ code: 'precondition_failed' });
    expect(await driver.head(`${from}.checked`)).toBeNull();
    await driver.deleteMany([from, `${from}.raw`]);
  });

  it('an unreachable server is "unavailable", for ping and for reads', async () => {
    const port = await freePort();
    const down = new S3StorageDriver({ ...s3!, endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true });
    await expect(down.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(down.head('any/key.png')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('a body cut short is "unavailable", never a shorter buffer taken for the object', async () => {
    // RGW cannot be made to drop a connection mid-body; a loopback server that announces 1,000
    // bytes and sends 400 can.
    const server = createServer((_req, res) => {
      res.writeHead(206, { 'Content-Length': '1000', 'Content-Type': 'image/jpeg', 'Content-Range': 'bytes 0-999/5000' });
      res.write(Buffer.alloc(400, 1), () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const cut = new S3StorageDriver({ ...s3!, endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true });
      await expect(cut.readRange('temp/cut.jpg', 1000)).rejects.toMatchObject({ code: 'unavailable' });
      await expect(cut.read('temp/cut.jpg')).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
