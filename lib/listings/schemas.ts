import { z } from 'zod';
import { text } from '@/lib/http/text';

export const listingParams = z.object({ id: z.uuid() });
export const createListingBody = z.object({ title: text().trim().min(1).max(200) });
export const updateListingBody = createListingBody;
