import type { NextConfig } from 'next';
import { API_CSP, STATIC_SECURITY_HEADERS } from './lib/http/static-headers';

const nextConfig: NextConfig = {
  // PGlite locates its wasm by URL; the rate limiter imports drizzle by a computed path.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'rate-limiter-flexible',
    'drizzle-orm',
    'better-auth',
    '@better-auth/api-key',
    'heic-decode',
    'libheif-js',
    'prom-client',
  ],
  // Migrations are read from disk at start; ship them with every route on serverless hosts.
  outputFileTracingIncludes: { '/*': ['./drizzle/**/*'] },
  poweredByHeader: false,
  typedRoutes: false,
  // Fixed at build time, so only what never depends on configuration (lib/http/static-headers.ts).
  async headers() {
    return [
      { source: '/:path*', headers: STATIC_SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
      { source: '/_next/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
  // Browsers still ask for /favicon.ico whatever the page declares; the icon is app/icon.svg.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
};

export default nextConfig;
