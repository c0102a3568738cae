import { z } from 'zod';
import { text } from '@/lib/http/text';

export const createKeyBody = z.object({ name: text().trim().min(1).max(64) });
export const keyParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'expected an API key id') });
