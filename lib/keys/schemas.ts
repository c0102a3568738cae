import { z } from 'zod';

export const createKeyBody = z.object({ name: z.string().trim().min(1).max(64) });
export const keyParams = z.object({ id: z.string().min(1).max(200) });
