// Drives the upload protocol like a browser: prepare, PUT the bytes to the signed URL, confirm.
import type { Client } from './client';

export interface PreparedUpload {
  imageId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  key: string;
  expiresIn: number;
}

export async function prepare(
  client: Client,
  target: { uploadSessionId?: string; listingId?: string },
  files: { filename: string; size: number; type: string }[],
) {
  return client.json<{ uploads: PreparedUpload[] }>('/api/uploads/prepare', { ...target, files });
}

export async function putBytes(upload: PreparedUpload, bytes: Buffer) {
  return fetch(upload.uploadUrl, { method: 'PUT', headers: upload.headers, body: new Uint8Array(bytes) });
}

export async function confirm(client: Client, imageIds: string[]) {
  return client.json<{
    results: { imageId: string; status: string; width: number | null; height: number | null; error?: string }[];
    updatedCount: number;
    totalRequested: number;
  }>('/api/uploads/confirm', { imageIds });
}

/** prepare + PUT + confirm for each file; returns the image ids in order. */
export async function uploadImages(
  client: Client,
  target: { uploadSessionId?: string; listingId?: string },
  files: { filename: string; type: string; bytes: Buffer }[],
) {
  const prepared = await prepare(
    client,
    target,
    files.map((f) => ({ filename: f.filename, size: f.bytes.byteLength, type: f.type })),
  );
  if (prepared.status !== 201) throw new Error(`prepare: ${prepared.status} ${JSON.stringify(prepared.body)}`);
  await Promise.all(
    prepared.body.uploads.map(async (u, i) => {
      const res = await putBytes(u, files[i].bytes);
      if (!res.ok) throw new Error(`PUT ${res.status}: ${await res.text()}`);
    }),
  );
  const ids = prepared.body.uploads.map((u) => u.imageId);
  const confirmed = await confirm(client, ids);
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { ids, results: confirmed.body.results };
}

export async function newSession(client: Client) {
  const res = await client.json<{ id: string; expiresAt: string }>('/api/upload-sessions', {});
  if (res.status !== 201) throw new Error(`upload session: ${res.status}`);
  return res.body.id;
}
