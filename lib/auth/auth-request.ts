// What reaches better-auth's handler: the client address we believe (and nothing a client
// wrote in its place), and never a request for the API-key plugin's own endpoints.
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from './client-address';

/** The header better-auth reads the client address from (advanced.ipAddress). */
export const AUTH_CLIENT_ADDRESS_HEADER = 'x-imagedock-auth-address';

export function requestForAuth(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete(AUTH_CLIENT_ADDRESS_HEADER);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const address = clientAddressOf(request);
  if (address) headers.set(AUTH_CLIENT_ADDRESS_HEADER, address);
  // Not `new Request(request, …)`: that pipes the body through a stream which starts reading
  // it at once, and a body better-auth then leaves unread (a 404, a 429) is never drained,
  // so the keep-alive connection it came on stalls. The stream itself is handed over unread.
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return new Request(request.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
  } as RequestInit);
}

/** /api/auth/api-key and everything under it, however the path is spelled. */
export function isApiKeyPluginPath(url: string) {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return true; // undecodable: nothing of ours
  }
  return /^\/api\/auth\/+api-key(\/|$)/i.test(path.replace(/\/{2,}/g, '/'));
}
