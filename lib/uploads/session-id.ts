import { z } from 'zod';

/** An upload session's id, as create-upload-session.ts makes it: `sess_<ms>_<hex>`. The one schema for it at every boundary. */
export const uploadSessionId = z.string().regex(/^sess_\d{13}_[a-f0-9]{16,32}$/, 'expected an upload session id');
