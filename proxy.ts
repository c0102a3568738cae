// Tells server pages which address was asked for (x-imagedock-path), so a page that needs a
// signed-in person can send them to sign in and back here afterwards (?next=). Pages only:
// the API, Next's assets and the icon never need it.
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-imagedock-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/((?!api/|_next/|icon.svg|favicon.ico).*)'] };
