// checkBucketCors against Ceph RGW: buckets with the browser rule, without any rule, and with
// rules that are wrong in one way each. The rule it suggests, applied, makes the check pass.
import { DeleteBucketCorsCommand, PutBucketCorsCommand, type CORSRule } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { createTestBucket } from '@/test/infra/s3-buckets';
import { checkBucketCors } from './check-cors';
import { LocalStorageDriver } from './local';
import { S3StorageDriver } from './s3';

const s3 = inject('s3');
const APP = 'https://images.example.test';

async function bucketWith(rules: CORSRule[] | null) {
  const { bucket, ...config } = await createTestBucket(s3!, { cors: false });
  const driver = new S3StorageDriver({ ...config, bucket, forcePathStyle: true });
  if (rules) await driver.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
  return { driver, bucket };
}

const good: CORSRule = { AllowedOrigins: [APP], AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] };

describe.runIf(s3)('bucket CORS check on Ceph RGW', () => {
  it('passes a bucket with the browser rule, for the exact origin or any', async () => {
    for (const origins of [[APP], ['*']]) {
      const { driver } = await bucketWith([{ ...good, AllowedOrigins: origins }]);
      expect(await checkBucketCors(driver, `${APP}/some/path`)).toMatchObject({ ok: true, problems: [] });
    }
  });

  it('fails a bucket with no rule, for PUT and GET, and the rule it suggests fixes it', async () => {
    const { driver, bucket } = await bucketWith(null);
    const check = await checkBucketCors(driver, APP);
    expect(check?.ok).toBe(false);
    expect(check?.problems).toEqual([
      expect.stringMatching(/^PUT from https:\/\/images\.example\.test is not allowed .*403/),
      expect.stringMatching(/^GET from https:\/\/images\.example\.test is not allowed/),
    ]);
    expect(check?.rule).toEqual({
      CORSRules: [{ AllowedOrigins: [APP], AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }],
    });
    await driver.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: check!.rule }));
    expect(await checkBucketCors(driver, APP)).toMatchObject({ ok: true, problems: [] });
    await driver.client.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect((await checkBucketCors(driver, APP))?.ok).toBe(false);
  });

  it('names each way a rule can fall short', async () => {
    const cases: [CORSRule, RegExp[]][] = [
      [{ ...good, AllowedOrigins: ['https://other.example.test'] }, [/^PUT from .* not allowed/, /^GET from .* not allowed/]],
      [{ ...good, AllowedMethods: ['GET', 'HEAD'] }, [/^PUT from .* not allowed/]],
      [{ ...good, AllowedMethods: ['PUT'] }, [/^GET from .* not allowed/]],
      [{ ...good, ExposeHeaders: [] }, [/^ETag is not an exposed header$/]],
      // RGW refuses a preflight asking for a header the rule does not list.
      [{ ...good, AllowedHeaders: ['content-type'] }, [/^PUT from .* not allowed/]],
    ];
    for (const [rule, expected] of cases) {
      const { driver } = await bucketWith([rule]);
      const check = await checkBucketCors(driver, APP);
      expect(check?.ok, JSON.stringify(rule)).toBe(false);
      expect(check?.problems, JSON.stringify(rule)).toEqual(expected.map((re) => expect.stringMatching(re)));
    }
  });

  it('throws when the bucket does not answer, and skips local storage', async () => {
    const down = new S3StorageDriver({ ...s3!, endpoint: 'http://127.0.0.1:9', forcePathStyle: true });
    await expect(checkBucketCors(down, APP)).rejects.toThrow();
    const local = new LocalStorageDriver({ root: '/nonexistent', baseUrl: APP, secret: 'x'.repeat(40) });
    expect(await checkBucketCors(local, APP)).toBeNull();
  });
});
