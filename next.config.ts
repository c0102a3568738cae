import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite locates its wasm by URL; the rate limiter imports drizzle by a computed path.
  serverExternalPackages: ['@electric-sql/pglite', 'rate-limiter-flexible', 'drizzle-orm', 'better-auth', '@better-auth/api-key', 'heic-decode', 'libheif-js', 'prom-client'],
  // Migrations are read from disk at start; ship them with every route on serverless hosts.
  outputFileTracingIncludes: { '/*': ['./drizzle/**/*'] },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
