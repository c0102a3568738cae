import { describe, expect, it } from 'vitest';
import { hstsHeader, pageCsp } from './security-headers';

const base = {
  APP_URL: 'http://localhost:3000',
  NODE_ENV: 'production' as const,
  S3_ENDPOINT: undefined,
  S3_BUCKET: undefined,
  S3_REGION: undefined,
  S3_FORCE_PATH_STYLE: false,
};
const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('pageCsp', () => {
  it('names where images load from and uploads go, for each storage setup', () => {
    const local = pageCsp({ ...base, storageMode: 'local' });
    expect(directive(local, 'img-src')).toBe("img-src 'self' blob: data: http://localhost:3000");
    expect(directive(local, 'connect-src')).toBe("connect-src 'self' http://localhost:3000");
    const pathStyle = pageCsp({ ...base, storageMode: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000/', S3_BUCKET: 'pics', S3_FORCE_PATH_STYLE: true });
    expect(directive(pathStyle, 'connect-src')).toBe("connect-src 'self' http://127.0.0.1:9000");
    const virtualHosted = pageCsp({ ...base, storageMode: 's3', S3_ENDPOINT: 'https://r2.example.com', S3_BUCKET: 'pics' });
    expect(directive(virtualHosted, 'img-src')).toBe("img-src 'self' blob: data: https://r2.example.com https://pics.r2.example.com");
    const aws = pageCsp({ ...base, storageMode: 's3', S3_BUCKET: 'pics', S3_REGION: 'eu-west-1' });
    expect(directive(aws, 'connect-src')).toBe(
      "connect-src 'self' https://pics.s3.eu-west-1.amazonaws.com https://s3.eu-west-1.amazonaws.com https://pics.s3.amazonaws.com",
    );
  });

  it('forbids framing, plugins and foreign scripts; allows eval only in development', () => {
    const csp = pageCsp({ ...base, storageMode: 'local' });
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'unsafe-inline'");
    expect(directive(pageCsp({ ...base, storageMode: 'local', NODE_ENV: 'development' }), 'script-src')).toBe(
      "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    );
  });
});

describe('hstsHeader', () => {
  it('is sent only when APP_URL is https', () => {
    expect(hstsHeader({ APP_URL: 'http://localhost:3000' })).toEqual({});
    expect(hstsHeader({ APP_URL: 'https://images.example.com' })).toEqual({ 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' });
  });
});
