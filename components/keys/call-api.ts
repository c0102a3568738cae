// The browser's JSON calls for the service pages (keys, generated images, admin). Failures
// become the gallery's ApiError carrying the server's message, so the UI can show it.
import { ApiError } from '@/components/gallery/gallery-api';

export async function callApi<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server. Check your network and try again.');
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'unknown', error?.message ?? `The server answered ${response.status}`, error?.details);
  }
  return data as T;
}

/** The message to show for anything a call threw. */
export const messageOf = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong, try again.');
