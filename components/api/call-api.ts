// The browser's JSON calls to our own API. Every failure becomes an ApiError carrying the
// server's message, so the UI can show people what the server said.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth trying again: the network or the server had a moment, the request was fine. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export async function callApi<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server');
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
