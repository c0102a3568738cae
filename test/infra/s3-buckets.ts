// A fresh bucket per app or test on the shared S3 server, so a clean-up or verify that sweeps
// a whole bucket only ever sees its own test's objects.
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from './app';

export async function createTestBucket(s3: S3Config): Promise<S3Config> {
  const bucket = `t-${randomBytes(6).toString('hex')}`;
  const client = new S3Client({
    endpoint: s3.endpoint, region: s3.region, forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }] },
    }));
  } finally {
    client.destroy();
  }
  return { ...s3, bucket };
}
