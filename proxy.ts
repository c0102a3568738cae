// Request-time work for pages: the security headers (lib/http/security-headers.ts) and the
// address asked for (x-imagedock-path), so a page that needs a signed-in person can send them
// to sign in and back (?next=); and a 400 for paths whose percent-encoding is broken
// (`/api/keys/%C0%AE`): Next fails to decode such a segment inside the route bundle, where its
// own DecodeError check does not see it, and answers 500. API routes otherwise stay out on
// purpose: with a proxy in front, Next buffers every request body (up to 10 MB, then
// truncates) before the route sees it, which would undo body caps, the body budget and the
// read deadline. No real API path holds a `%`, so only those come here.
import { NextResponse, type NextRequest } from 'next/server';
import { pageSecurityHeaders } from '@/lib/http/security-headers';
import { API_CSP, STATIC_SECURITY_HEADERS } from '@/lib/http/static-headers';

function decodable(pathname: string) {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!decodable(pathname)) {
    const headers = new Headers(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
    headers.set('Content-Security-Policy', API_CSP);
    return NextResponse.json({ error: { code: 'bad_request', message: 'The path is not valid percent-encoding' } }, { status: 400, headers });
  }
  if (pathname.startsWith('/api/')) return NextResponse.next();
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-imagedock-path', `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(pageSecurityHeaders())) response.headers.set(name, value);
  return response;
}

export const config = { matcher: ['/((?!api/|_next/static/|_next/image).*)', '/api/:path(.*%.*)'] };
