// Request-time security headers for pages (lib/http/security-headers.ts). API routes are left
// out on purpose: with a proxy in front, Next buffers every request body (up to 10 MB, then
// truncates) before the route sees it, which would undo body caps, the body budget and the
// read deadline. API answers get their headers from next.config.ts and route().
import { NextResponse } from 'next/server';
import { pageSecurityHeaders } from '@/lib/http/security-headers';

export function proxy() {
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(pageSecurityHeaders())) response.headers.set(name, value);
  return response;
}

export const config = { matcher: ['/((?!api/|_next/static/|_next/image).*)'] };
