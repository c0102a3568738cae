// Sends a file's bytes straight to storage with the presigned PUT. XMLHttpRequest rather
// than fetch: only it reports upload progress on plain HTTP/1.1.
import type { PreparedUpload } from './gallery-api';

export class TransferError extends Error {
  constructor(
    readonly kind: 'network' | 'refused' | 'aborted',
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'TransferError';
  }

  get transient() {
    return this.kind === 'network' || (this.kind === 'refused' && (this.status >= 500 || this.status === 429));
  }
}

export function putFile(
  upload: Pick<PreparedUpload, 'uploadUrl' | 'headers'>,
  file: Blob,
  { onProgress, signal }: { onProgress: (fraction: number) => void; signal: AbortSignal },
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransferError('aborted', 'Upload cancelled'));
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', upload.uploadUrl);
    // The signature is the credential: cookies must never go to a storage host (and S3 test
    // servers answer `Allow-Credentials: true` with `Allow-Origin: *`, which browsers refuse).
    xhr.withCredentials = false;
    // Exactly the headers the URL was signed with; the browser sets Content-Length itself.
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new TransferError('refused', refusal(xhr.status, xhr.responseText), xhr.status));
      }
    };
    xhr.onerror = () => reject(new TransferError('network', 'The connection dropped during the upload'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new TransferError('aborted', 'Upload cancelled'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

function refusal(status: number, body: string): string {
  // S3-style XML errors carry a readable <Message>; show it rather than a bare status.
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  if (status === 403 && /expired/i.test(message ?? '')) return 'The upload link expired; delete this image and add it again';
  return `Storage refused the upload (${status}${message ? `: ${message}` : ''})`;
}
