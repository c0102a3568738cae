import { z } from 'zod';
import { text } from '@/lib/http/text';

export const listingParams = z.object({ id: z.uuid() });
// A draft may be untitled while it is being written ("Pay & publish" asks for a title).
const title = text().trim().max(200);
export const createListingBody = z.object({ title });
export const updateListingBody = z.object({ title });
