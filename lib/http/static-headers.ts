// The security headers that never depend on configuration, for next.config.ts (which runs at
// build time, before lib/env.ts can be read; see security-headers.ts for the rest).
export const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** For answers that are data, never documents: nothing loads, nothing frames them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
