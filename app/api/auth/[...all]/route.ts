// /api/auth/* – better-auth's own endpoints (sign-up, sign-in, sign-out, session)
import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';
import { refusedOriginMessage } from '@/lib/http/origin';
import { ownOriginOf } from '@/lib/origin/request-origin';

export const dynamic = 'force-dynamic';

async function handle(request: Request) {
  // better-auth would refuse a foreign origin with a bare "Invalid origin"; the person who
  // sees it needs to know which address is expected and how to change it.
  const origin = request.headers.get('origin');
  if (request.method !== 'GET' && origin && origin !== ownOriginOf(request.headers)) {
    return Response.json({ code: 'INVALID_ORIGIN', message: refusedOriginMessage(origin) }, { status: 403 });
  }
  const { GET, POST } = toNextJsHandler(await getAuth());
  return request.method === 'GET' ? GET(request) : POST(request);
}

export { handle as GET, handle as POST };
