// A fresh bucket per app or test on the shared Ceph RGW, so a clean-up or verify that sweeps
// a whole bucket only ever sees its own test's objects. By default with the CORS rule a
// browser on any origin needs to PUT (with the signed Content-Type/Length) and GET, and to
// read the ETag; `cors: false` makes the bucket a deployment that forgot it.
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const BROWSER_CORS_RULE = {
  AllowedOrigins: ['*'],
  AllowedMethods: ['GET', 'PUT', 'HEAD'],
  AllowedHeaders: ['*'],
  ExposeHeaders: ['ETag'],
  MaxAgeSeconds: 3000,
};

export async function createTestBucket(s3: Omit<S3Config, 'bucket'>, options: { cors?: boolean } = {}): Promise<S3Config> {
  const bucket = `t-${randomBytes(6).toString('hex')}`;
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    if (options.cors !== false) {
      await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [BROWSER_CORS_RULE] } }));
    }
  } finally {
    client.destroy();
  }
  return { ...s3, bucket };
}

/** The app's S3_* variables for a bucket on the test server (path-style, as RGW on loopback needs). */
export function s3Env(s3: S3Config): Record<string, string> {
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
}
