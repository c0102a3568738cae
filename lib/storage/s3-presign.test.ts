// The fast presigner must produce exactly what the SDK's getSignedUrl produces, for
// every endpoint shape we support (custom path-style, AWS virtual-hosted, R2).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3StorageDriver, type S3StorageOptions } from './s3';
import { S3UrlPresigner } from './s3-presign';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const shapes: [string, S3StorageOptions][] = [
  ['a path-style custom endpoint', { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'media', forcePathStyle: true, ...credentials }],
  ['AWS, virtual-hosted', { region: 'eu-west-3', bucket: 'imagedock-media', forcePathStyle: false, ...credentials }],
  ['R2', { endpoint: 'https://0123abcd.r2.cloudflarestorage.com', region: 'auto', bucket: 'imagedock', forcePathStyle: false, ...credentials }],
];
const key = 'temp/sess_1732000000000_ab12/1732000000000-5f0c.png';

describe.each(shapes)('S3 presigned URLs on %s', (_name, options) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T05:06:07Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('PUT equals getSignedUrl with content-type and content-length signed', async () => {
    const driver = new S3StorageDriver(options);
    const ours = await driver.presignPut({ key, contentType: 'image/png', contentLength: 12345, expiresIn: 3600 });
    const sdk = await getSignedUrl(driver.client, new PutObjectCommand({ Bucket: options.bucket, Key: key, ContentType: 'image/png', ContentLength: 12345 }), {
      expiresIn: 3600,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    expect(ours.url).toBe(sdk);
    expect(new URL(ours.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
  });

  it.each([
    [
      'all response overrides',
      { responseContentType: 'image/webp', responseContentDisposition: `attachment; filename="a (1).png"; filename*=UTF-8''a%20%281%29.png` },
    ],
    ['none', {}],
    ['only the type', { responseContentType: 'image/jpeg' }],
  ])('GET with %s equals getSignedUrl', async (_label, overrides: { responseContentType?: string; responseContentDisposition?: string }) => {
    const driver = new S3StorageDriver(options);
    const ours = await driver.presignGet({ key, expiresIn: 600, ...overrides });
    const sdk = await getSignedUrl(
      driver.client,
      new GetObjectCommand({
        Bucket: options.bucket,
        Key: key,
        ResponseContentType: overrides.responseContentType,
        ResponseContentDisposition: overrides.responseContentDisposition,
        ResponseCacheControl: 'private, max-age=600',
      }),
      { expiresIn: 600 },
    );
    expect(ours).toBe(sdk);
  });
});

describe('S3 presigned URLs with temporary credentials', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T05:06:07Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('carry the session token, signed, exactly as getSignedUrl does', async () => {
    const client = new S3Client({
      region: 'eu-west-3',
      credentials: { ...credentials, sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDO+token/with=odd&chars' },
    });
    const ours = await new S3UrlPresigner(client, 'imagedock-media').get(key, 900, { contentType: 'image/png' });
    const sdk = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'imagedock-media', Key: key, ResponseContentType: 'image/png' }), { expiresIn: 900 });
    expect(new URL(ours).searchParams.get('X-Amz-Security-Token')).toContain('token/with=odd&chars');
    expect(ours).toBe(sdk);
  });
});
