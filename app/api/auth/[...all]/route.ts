// /api/auth/* – better-auth's own endpoints (sign-up, sign-in, sign-out, session, email
// verification, password reset). The API-key plugin's endpoints answer 404 to every method:
// only /api/keys issues keys.
import { getAuth } from '@/lib/auth/auth';
import { refusedOriginMessage } from '@/lib/http/origin';
import { ownOriginOf } from '@/lib/origin/request-origin';
import { isApiKeyPluginPath, requestForAuth } from '@/lib/auth/auth-request';
import { counted } from '@/lib/http/counted';

export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });

const handle = counted(async (request: Request) => {
  if (isApiKeyPluginPath(request.url)) return notFound();
  // better-auth would refuse a foreign origin with a bare "Invalid origin"; the person who
  // sees it needs to know which address is expected and how to change it.
  const origin = request.headers.get('origin');
  if (request.method !== 'GET' && request.method !== 'HEAD' && origin && origin !== ownOriginOf(request.headers)) {
    return Response.json({ code: 'INVALID_ORIGIN', message: refusedOriginMessage(origin) }, { status: 403 });
  }
  return (await getAuth()).handler(requestForAuth(request));
});

// What Next answers by itself when OPTIONS is not exported, except for the plugin's paths.
export function OPTIONS(request: Request) {
  if (isApiKeyPluginPath(request.url)) return notFound();
  return new Response(null, { status: 204, headers: { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' } });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
