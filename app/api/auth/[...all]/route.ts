// /api/auth/* – better-auth's own endpoints (sign-up, sign-in, sign-out, session, email
// verification, password reset). The API-key plugin's endpoints answer 404 to every method:
// only /api/keys issues keys.
import { getAuth } from '@/lib/auth/auth';
import { isApiKeyPluginPath, requestForAuth } from '@/lib/auth/auth-request';

export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });

async function handle(request: Request) {
  if (isApiKeyPluginPath(request.url)) return notFound();
  return (await getAuth()).handler(requestForAuth(request));
}

// What Next answers by itself when OPTIONS is not exported, except for the plugin's paths.
export function OPTIONS(request: Request) {
  if (isApiKeyPluginPath(request.url)) return notFound();
  return new Response(null, { status: 204, headers: { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' } });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
