// The browser's calls to our own API. Every failure becomes an ApiError carrying the
// server's message, so the UI can show people what the server said.
import { toGalleryImage, type GalleryImage } from '@/lib/images/gallery-image';
import type { UploadType } from '@/lib/uploads/limits';

export type GalleryTarget = { uploadSessionId: string } | { listingId: string };

export interface PreparedUpload {
  imageId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresIn: number;
}

export interface ConfirmResult {
  imageId: string;
  status: 'uploading' | 'uploaded' | 'error' | 'not_found';
  error?: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth trying again: the network or the server had a moment, the request was fine. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

async function call<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
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

export const createUploadSession = () => call<{ id: string; expiresAt: string }>('/api/upload-sessions', 'POST', {});

export const prepareUploads = (target: GalleryTarget, files: { filename: string; size: number; type: UploadType }[]) =>
  call<{ uploads: PreparedUpload[] }>('/api/uploads/prepare', 'POST', { ...target, files });

export const confirmUploads = (imageIds: string[]) =>
  call<{ results: ConfirmResult[] }>('/api/uploads/confirm', 'POST', { imageIds });

export const getImage = (imageId: string) => call<GalleryImage>(`/api/images/${imageId}`).then(toGalleryImage);

export const saveCaption = (imageId: string, caption: string) => call<GalleryImage>(`/api/images/${imageId}`, 'PATCH', { caption });

export const deleteImage = (imageId: string) => call<void>(`/api/images/${imageId}`, 'DELETE');

export const saveOrder = (target: GalleryTarget, imageIds: string[]) =>
  call<{ imageIds: string[] }>('/api/images/reorder', 'POST', { ...target, imageIds });

export const startCheckout = (uploadSessionId: string, title: string) =>
  call<{ listingId: string; checkoutUrl: string }>('/api/checkout', 'POST', { uploadSessionId, title });
