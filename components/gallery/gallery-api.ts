// The browser's calls to our own API. Every failure becomes an ApiError carrying the
// server's message, so the UI can show people what the server said.
import { toGalleryImage, type GalleryImage } from '@/lib/images/gallery-image';
import type { UploadType } from '@/lib/uploads/limits';
import { ApiError, callApi as call } from '@/components/api/call-api';

export { ApiError };

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

export const prepareUploads = (target: GalleryTarget, files: { filename: string; size: number; type: UploadType }[]) =>
  call<{ uploads: PreparedUpload[] }>('/api/uploads/prepare', 'POST', { ...target, files });

export const confirmUploads = (imageIds: string[]) => call<{ results: ConfirmResult[] }>('/api/uploads/confirm', 'POST', { imageIds });

export const getImage = (imageId: string) => call<GalleryImage>(`/api/images/${imageId}`).then(toGalleryImage);

export const saveCaption = (imageId: string, caption: string) => call<GalleryImage>(`/api/images/${imageId}`, 'PATCH', { caption });

export const deleteImage = (imageId: string) => call<void>(`/api/images/${imageId}`, 'DELETE');

export const saveOrder = (target: GalleryTarget, imageIds: string[]) => call<{ imageIds: string[] }>('/api/images/reorder', 'POST', { ...target, imageIds });

export const startCheckout = (uploadSessionId: string, title: string) =>
  call<{ listingId: string; checkoutUrl: string }>('/api/checkout', 'POST', { uploadSessionId, title });
